using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using PropGrade.Aws.Storage;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// Launches a run on AWS without AWSSDK.StepFunctions: the QUEUED record (conditional put) and then
/// <c>runs/{runId}/request.json</c>, whose object-created event starts the state machine through EventBridge. The record
/// pins <paramref name="source"/> (the configured API base and X-RapidAPI-Host; never the key).
/// </summary>
public sealed class S3RunLauncher(IRunStore runs, IAmazonS3 s3, string workBucket, TimeProvider time, RunSource? source = null) : IRunLauncher
{
    private readonly S3ObjectClient objects = new(s3, workBucket);

    public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken) =>
        LaunchAsync(request, RunTrigger.Api, cancellationToken);

    public async Task<string> LaunchAsync(RunRequest request, RunTrigger trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        // Sortable and unique: creation time, then randomness.
        var runId = $"{now:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await runs.CreateAsync(new RunRecord(runId, RunStatus.Queued, request, trigger, now, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, [], ListingApiRevision: RunRecord.CurrentListingApiRevision, Source: source), cancellationToken);
        await objects.PutAsync(S3Keys.Request(runId), JsonSerializer.SerializeToUtf8Bytes(request, CoreJsonContext.Default.RunRequest), "application/json", cancellationToken);
        return runId;
    }
}
