using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.S3;
using PropGrade.Aws.Serialization;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Storage;

/// <summary>
/// A run's working data in S3: <c>runs/{runId}/items.json</c> (a JSON array of <see cref="AgentWorkItem"/>, which
/// is also the Distributed Map's ItemReader input; a discovered item carries its <c>/agents/list</c> entry, so stage 1
/// makes no call for it) and one <c>results/{batchKey}.json</c> per finished batch.
/// A retried batch overwrites its object; reading de-duplicates by advertiser id (the last object wins).
/// </summary>
public sealed class S3RunWorkspace(IAmazonS3 s3, string bucket) : IRunWorkspace
{
    private readonly S3ObjectClient objects = new(s3 ?? throw new ArgumentNullException(nameof(s3)), bucket);

    public Task SaveItemsAsync(string runId, IReadOnlyList<AgentWorkItem> items, CancellationToken cancellationToken) =>
        objects.PutAsync(
            S3Keys.Items(runId),
            JsonSerializer.SerializeToUtf8Bytes(items, AwsJsonContext.Default.IReadOnlyListAgentWorkItem),
            "application/json",
            cancellationToken);

    public async Task<IReadOnlyList<AgentWorkItem>?> ReadItemsAsync(string runId, CancellationToken cancellationToken)
    {
        var bytes = await objects.GetBytesAsync(S3Keys.Items(runId), cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize(bytes, AwsJsonContext.Default.IReadOnlyListAgentWorkItem);
    }

    public Task SaveResultsAsync(string runId, string batchKey, IReadOnlyList<AgentResult> results, CancellationToken cancellationToken) =>
        objects.PutAsync(
            S3Keys.Results(runId, batchKey),
            JsonSerializer.SerializeToUtf8Bytes(results, AwsJsonContext.Default.IReadOnlyListAgentResult),
            "application/json",
            cancellationToken);

    public async IAsyncEnumerable<AgentResult> ReadResultsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var objectsByTime = new List<(DateTime Modified, string Key)>();
        await foreach (var o in objects.ListAsync(S3Keys.ResultsPrefix(runId), cancellationToken))
        {
            objectsByTime.Add((o.LastModified ?? DateTime.MinValue, o.Key));
        }

        var latest = new Dictionary<string, AgentResult>(StringComparer.Ordinal);
        foreach (var (_, key) in objectsByTime.OrderBy(o => o.Modified).ThenBy(o => o.Key, StringComparer.Ordinal))
        {
            var bytes = await objects.GetBytesAsync(key, cancellationToken);
            foreach (var result in bytes is null ? [] : JsonSerializer.Deserialize(bytes, AwsJsonContext.Default.IReadOnlyListAgentResult) ?? [])
            {
                latest[result.AdvertiserId] = result;
            }
        }

        foreach (var result in latest.Values.OrderBy(r => r.AdvertiserId.Length).ThenBy(r => r.AdvertiserId, StringComparer.Ordinal))
        {
            yield return result;
        }
    }
}
