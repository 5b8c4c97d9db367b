using System.Collections.Concurrent;
using System.Net;
using Amazon.S3;
using PropGrade.AgentIndex;
using PropGrade.Core.Agents;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;

namespace PropGrade.Aws.Storage;

/// <summary>
/// A run's agents index on AWS: the same SQLite file as locally (<see cref="AgentIndexFile"/>), written by the
/// aggregate step to a temporary file and uploaded to <c>runs/{runId}/index/agents-v1.db</c> in the work bucket; the
/// Runs Lambda copies it to its temporary directory (<c>/tmp</c>) on first use and queries the copy with the same
/// reader (<see cref="SqliteAgentsReader"/>). A copy is checked against the object's ETag at most every
/// <see cref="RecheckAfter"/> (a resumed run re-exports and replaces it), and only the last <see cref="KeepRuns"/> runs'
/// copies are kept on disk.
/// </summary>
public sealed class S3RunAgentsIndex(S3ObjectClient objects, string cacheDirectory, TimeProvider time) : IRunAgentsIndex
{
    /// <summary>How long a local copy is trusted before its ETag is checked again.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(1);

    /// <summary>How many runs' copies stay in the cache directory.</summary>
    public const int KeepRuns = 3;

    private readonly ConcurrentDictionary<string, Copy> _copies = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task WriteAsync(string runId, GradingPlan plan, IEnumerable<GradedRow> agents, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("propgrade-agents-index-");
        try
        {
            var path = Path.Combine(directory.FullName, AgentIndexFile.FileName);
            await AgentIndexFile.WriteAsync(path, plan, agents, cancellationToken);
            await objects.PutFileAsync(S3Keys.AgentsIndex(runId, AgentIndexFile.FileName), path, "application/vnd.sqlite3", 64L * 1024 * 1024, cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public async Task<IRunAgentsReader?> OpenAsync(string runId, CancellationToken cancellationToken)
    {
        var key = S3Keys.AgentsIndex(runId, AgentIndexFile.FileName);
        var now = time.GetUtcNow();
        if (_copies.TryGetValue(runId, out var cached) && now - cached.CheckedAt < RecheckAfter && File.Exists(cached.Path))
        {
            return new SqliteAgentsReader(cached.Path);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            string etag;
            try
            {
                etag = (await objects.S3.GetObjectMetadataAsync(objects.Bucket, key, cancellationToken)).ETag.Trim('"');
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            var path = Path.Combine(cacheDirectory, runId, etag + ".db");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = path + ".part";
                using (var response = await objects.S3.GetObjectAsync(objects.Bucket, key, cancellationToken))
                await using (var file = File.Create(temp))
                {
                    await response.ResponseStream.CopyToAsync(file, cancellationToken);
                }

                File.Move(temp, path, overwrite: true);
            }

            _copies[runId] = new Copy(path, now);
            Evict(runId);
            return new SqliteAgentsReader(path);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes the copies of all but the <see cref="KeepRuns"/> most recently checked runs, and stale copies of <paramref name="runId"/>.</summary>
    private void Evict(string runId)
    {
        foreach (var old in _copies.OrderByDescending(c => c.Value.CheckedAt).Skip(KeepRuns).ToList())
        {
            _copies.TryRemove(old.Key, out _);
            TryDelete(Path.Combine(cacheDirectory, old.Key));
        }

        var keep = _copies[runId].Path;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(cacheDirectory, runId)).Where(f => f != keep))
        {
            TryDelete(file);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
            // A reader still has it open: the next eviction tries again.
        }
    }

    private sealed record Copy(string Path, DateTimeOffset CheckedAt);
}
