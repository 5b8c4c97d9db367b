using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3;
using PropGrade.Aws.Storage;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// Launches a run on AWS without AWSSDK.StepFunctions: refused (<see cref="RunLaunchConflictException"/>, the API's 409,
/// nothing written) while another run holds the API key; otherwise the QUEUED record (conditional put) and then
/// <c>runs/{runId}/request.json</c>, whose object-created event starts the state machine through EventBridge. The record
/// pins <paramref name="source"/> (the configured API base and X-RapidAPI-Host; never the key).
/// </summary>
public sealed class S3RunLauncher(IRunStore runs, IAmazonS3 s3, string workBucket, ApiKeyLock keyLock, TimeProvider time, RunSource? source = null) : IRunLauncher
{
    private readonly S3ObjectClient objects = new(s3, workBucket);

    public Task<string> LaunchAsync(RunRequest request, LaunchOptions options, CancellationToken cancellationToken) =>
        LaunchAsync(request, RunTrigger.Api, runId: null, cancellationToken);

    /// <summary>
    /// Launches <paramref name="request"/> under <paramref name="runId"/> (null: a new sortable id). A given id that
    /// exists already launches nothing new (a duplicated schedule event): a run still QUEUED gets its request object
    /// written again, so a launch that died between the record and the object still starts (a second start of one run is
    /// ignored by the workflow), any other keeps going as it is.
    /// </summary>
    public async Task<string> LaunchAsync(RunRequest request, RunTrigger trigger, string? runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        if (runId is not null && await runs.GetAsync(runId, cancellationToken) is { } existing)
        {
            return await RelaunchAsync(existing, cancellationToken);
        }

        if (await keyLock.HolderAsync(cancellationToken) is { } holder)
        {
            throw new RunLaunchConflictException(
                $"The API key is in use by {holder.Describe()}. One run per API key at a time: try again when it has finished.",
                holder.RunId);
        }

        // Sortable and unique: creation time, then randomness.
        runId ??= $"{now:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        try
        {
            await runs.CreateAsync(new RunRecord(runId, RunStatus.Queued, request, trigger, now, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, [], ListingApiRevision: RunRecord.CurrentListingApiRevision, Source: source), cancellationToken);
        }
        catch (RunAlreadyExistsException)
        {
            // The same event, delivered twice at once: the other delivery created it.
            return await RelaunchAsync((await runs.GetAsync(runId, cancellationToken))!, cancellationToken);
        }

        await PutRequestAsync(runId, request, cancellationToken);
        return runId;
    }

    private async Task<string> RelaunchAsync(RunRecord existing, CancellationToken cancellationToken)
    {
        if (existing.Status == RunStatus.Queued)
        {
            await PutRequestAsync(existing.RunId, existing.Request, cancellationToken);
        }

        return existing.RunId;
    }

    private Task PutRequestAsync(string runId, RunRequest request, CancellationToken cancellationToken) =>
        objects.PutAsync(S3Keys.Request(runId), JsonSerializer.SerializeToUtf8Bytes(request, CoreJsonContext.Default.RunRequest), "application/json", cancellationToken);
}
