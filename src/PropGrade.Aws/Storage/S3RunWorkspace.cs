using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.S3;
using PropGrade.Aws.Serialization;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Aws.Storage;

/// <summary>
/// A run's working data in S3: <c>runs/{runId}/items.json</c> (a JSON array of <see cref="AgentWorkItem"/>, which
/// is also the Distributed Map's ItemReader input; a discovered item carries its <c>/agents/list</c> entry, so stage 1
/// makes no call for it; written as the items come, in parts of a multipart upload, and read as a stream, so neither
/// side holds them all; the object appears only once complete) and one <c>results/{batchKey}.json</c> per finished batch.
/// A retried batch overwrites its object; reading de-duplicates by advertiser id (the last object wins). Results are read
/// with up to <see cref="ReadConcurrency"/> GETs in flight (a million agents are ~20,000 objects) and yielded as they
/// come (newest object first, in no particular agent order), never gathered. Discovery slices go to
/// <c>discovery/{zip}/{offset}.json</c>, a batch's progress to <c>state/{batchKey}.json</c>.
/// </summary>
public sealed class S3RunWorkspace(IAmazonS3 s3, string bucket) : IRunWorkspace
{
    /// <summary>Result objects read at the same time by <see cref="ReadResultsAsync"/>.</summary>
    public const int ReadConcurrency = 32;

    private readonly S3ObjectClient objects = new(s3 ?? throw new ArgumentNullException(nameof(s3)), bucket);

    /// <summary>Bytes of <c>items.json</c> buffered before they go up as one part of a multipart upload.</summary>
    public const int ItemsPartSize = 8 * 1024 * 1024;

    public async Task<int> SaveItemsAsync(string runId, IAsyncEnumerable<AgentWorkItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await using var upload = new S3StreamedUpload(objects, S3Keys.Items(runId), "application/json", ItemsPartSize);
        var count = 0;
        await using (var writer = new Utf8JsonWriter(upload.Buffer))
        {
            writer.WriteStartArray();
            await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                JsonSerializer.Serialize(writer, item, AwsJsonContext.Default.AgentWorkItem);
                count++;
                if (writer.BytesPending + upload.Buffer.Length >= ItemsPartSize)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await upload.UploadFullPartsAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            writer.WriteEndArray();
        }

        await upload.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }

    public async Task<int?> CountItemsAsync(string runId, CancellationToken cancellationToken)
    {
        if (!await objects.ExistsAsync(S3Keys.Items(runId), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var count = 0;
        await foreach (var _ in ReadItemsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    public async IAsyncEnumerable<AgentWorkItem> ReadItemsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await objects.ExistsAsync(S3Keys.Items(runId), cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        using var response = await objects.S3.GetObjectAsync(objects.Bucket, S3Keys.Items(runId), cancellationToken).ConfigureAwait(false);
        await foreach (var item in JsonSerializer.DeserializeAsyncEnumerable(response.ResponseStream, AwsJsonContext.Default.AgentWorkItem, cancellationToken).ConfigureAwait(false))
        {
            yield return item!;
        }
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

        // Read newest first, ReadConcurrency objects ahead, consumed in that order as a stream: a retried batch's later
        // object wins because an agent already yielded (from a later object, or later in the same one) is skipped.
        // Memory holds the objects in flight and the ids seen, never the run's results (aggregation sorts them itself).
        var ordered = objectsByTime.OrderByDescending(o => o.Modified).ThenByDescending(o => o.Key, StringComparer.Ordinal).Select(o => o.Key).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var window = new Queue<Task<IReadOnlyList<AgentResult>>>();
        var next = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (next < ordered.Count && window.Count < ReadConcurrency)
            {
                window.Enqueue(ReadResultObjectAsync(ordered[next++], stop.Token));
            }

            while (window.TryDequeue(out var read))
            {
                var results = await read.ConfigureAwait(false);
                if (next < ordered.Count)
                {
                    window.Enqueue(ReadResultObjectAsync(ordered[next++], stop.Token));
                }

                for (var i = results.Count - 1; i >= 0; i--)
                {
                    if (seen.Add(results[i].AdvertiserId))
                    {
                        yield return results[i];
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in window)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The reader stopped early (or one read failed and is being reported): the others no longer matter.
                }
            }
        }
    }

    private async Task<IReadOnlyList<AgentResult>> ReadResultObjectAsync(string key, CancellationToken cancellationToken)
    {
        var bytes = await objects.GetBytesAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? [] : JsonSerializer.Deserialize(bytes, AwsJsonContext.Default.IReadOnlyListAgentResult) ?? [];
    }

    public Task SaveMarketSliceAsync(string runId, MarketSlice slice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return objects.PutAsync(
            S3Keys.MarketSlice(runId, slice.Market, slice.Offset),
            JsonSerializer.SerializeToUtf8Bytes(slice, CoreJsonContext.Default.MarketSlice),
            "application/json",
            cancellationToken);
    }

    public async Task<IReadOnlyList<MarketSlice>> ReadMarketSlicesAsync(string runId, string market, CancellationToken cancellationToken)
    {
        var keys = await SliceKeysAsync(runId, market, cancellationToken);
        var slices = new List<MarketSlice>(keys.Count);
        foreach (var key in keys)
        {
            if (await objects.GetBytesAsync(key, cancellationToken) is { } bytes)
            {
                slices.Add(JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.MarketSlice)!);
            }
        }

        return slices;
    }

    public async Task<MarketSlice?> ReadLastMarketSliceAsync(string runId, string market, CancellationToken cancellationToken)
    {
        // Keys carry the offset zero-padded, so the ordinal last is the highest offset; only that object is read.
        var keys = await SliceKeysAsync(runId, market, cancellationToken);
        return keys.Count > 0 && await objects.GetBytesAsync(keys[^1], cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.MarketSlice)
            : null;
    }

    /// <summary>The market's slice object keys in offset order.</summary>
    private async Task<List<string>> SliceKeysAsync(string runId, string market, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var o in objects.ListAsync(S3Keys.MarketSlicesPrefix(runId, market), cancellationToken))
        {
            keys.Add(o.Key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    public Task SaveBatchProgressAsync(string runId, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return objects.PutAsync(
            S3Keys.BatchProgress(runId, progress.BatchKey),
            JsonSerializer.SerializeToUtf8Bytes(progress, CoreJsonContext.Default.BatchProgress),
            "application/json",
            cancellationToken);
    }

    public async Task<BatchProgress?> ReadBatchProgressAsync(string runId, string batchKey, CancellationToken cancellationToken)
    {
        var bytes = await objects.GetBytesIfPresentAsync(S3Keys.BatchProgress(runId, batchKey), cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize(bytes, CoreJsonContext.Default.BatchProgress);
    }
}
