using System.Collections.Concurrent;
using System.Globalization;
using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// A run's stored answers, looked up by request URL in the on-disk index (<see cref="ReplayIndexFile"/>) and read on
/// demand from the raw store: the record's group is read again, checked against the hash the manifest gave (or, for a
/// group without a manifest, the hash it had when indexed), decompressed into a small cache, and the one record line
/// parsed. Agents named by a refused group are refused too. Thread-safe.
/// </summary>
internal sealed class ReplayIndex : IDisposable
{
    private readonly IRawStore _store;
    private readonly string _runId;
    private readonly ReplayIndexFile _file;
    private readonly ReplayGroupCache _cache;
    private readonly HashSet<string> _refusedAgents;
    private readonly ConcurrentDictionary<int, RawIntegrityFailure> _lateFailures = new();

    private ReplayIndex(IRawStore store, string runId, ReplayIndexFile file, long cacheBytes)
    {
        _store = store;
        _runId = runId;
        _file = file;
        _cache = new ReplayGroupCache(cacheBytes);
        _refusedAgents = file.Meta.Report.Failures.SelectMany(f => f.Agents ?? []).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Distinct request URLs the run's raw store can answer.</summary>
    public int Count => (int)_file.Count;

    /// <summary>The index file's size in bytes.</summary>
    public long IndexBytes => _file.Length;

    /// <summary>Decompressed group bytes cached now.</summary>
    public long CachedBytes => _cache.Bytes;

    /// <summary>What the integrity check found: when the index was built, and since (groups that changed afterwards).</summary>
    public RawIntegrityReport Report
    {
        get
        {
            var built = _file.Meta.Report;
            if (_lateFailures.IsEmpty)
            {
                return built;
            }

            return built with { Failures = [.. built.Failures, .. _lateFailures.OrderBy(f => f.Key).Select(f => f.Value)] };
        }
    }

    /// <summary>Opens the run's index in <paramref name="directory"/>, building it first when it is missing, damaged or stale.</summary>
    public static async Task<ReplayIndex> OpenAsync(IRawStore store, string runId, string directory, RawReplayOptions options, CancellationToken cancellationToken)
    {
        ReplayIndexFiles.CreateDirectory(directory);
        var path = Path.Combine(directory, ReplayIndexFile.FileName);
        var fingerprint = await store.FingerprintAsync(runId, cancellationToken).ConfigureAwait(false);
        var file = ReplayIndexFile.TryOpen(path, fingerprint);
        if (file is null)
        {
            using var held = await LockAsync(path + ".lock", cancellationToken).ConfigureAwait(false);
            file = ReplayIndexFile.TryOpen(path, fingerprint);
            if (file is null)
            {
                ReplayIndexBuilder.DeleteLeftovers(directory);
                await ReplayIndexBuilder.BuildAsync(store, runId, fingerprint, path, options, cancellationToken).ConfigureAwait(false);
                file = ReplayIndexFile.TryOpen(path, fingerprint)
                    ?? throw new IOException($"The replay index of run {runId} just built at {path} does not open.");
            }
        }

        return new ReplayIndex(store, runId, file, options.GroupCacheBytes);
    }

    /// <summary>True when the run holds an answer (or a final 404/400) for <paramref name="url"/>.</summary>
    public bool ContainsKey(string url) => _file.Find(url) is not null;

    /// <summary>
    /// The stored answer for <paramref name="url"/>, or null when the run holds none. Throws
    /// <see cref="RawIntegrityException"/> when the answer's group no longer checks out, or its agent's data sat in a
    /// refused group.
    /// </summary>
    public async Task<StoredAnswer?> FindAsync(string url, CancellationToken cancellationToken)
    {
        if (_file.Find(url) is not { } entry)
        {
            return null;
        }

        var group = await _cache.GetAsync(entry.Group, LoadAsync).WaitAsync(cancellationToken).ConfigureAwait(false);
        if ((long)entry.Offset + entry.Length > group.Content.Length)
        {
            throw Refused(entry.Group, RawIntegrityCodes.MarkerMismatch, "the index points past the group's content");
        }

        var exchange = RawExchangeSerializer.Deserialize(group.Content.AsSpan(entry.Offset, entry.Length));
        if (!string.Equals(exchange.Url, url, StringComparison.Ordinal))
        {
            return null;
        }

        if (exchange.AgentId?.ToString(CultureInfo.InvariantCulture) is { } agent && _refusedAgents.Contains(agent))
        {
            var failure = _file.Meta.Report.Failures.First(f => f.Agents?.Contains(agent) == true);
            throw new RawIntegrityException($"Run {_runId}: agent {agent}'s stored responses are not trusted: {failure.Describe()}; the agent is marked incomplete (raw_integrity).");
        }

        return entry.Kind == ReplayIndexEntry.Answer
            ? new StoredAnswer(exchange.Body, exchange.Status, [])
            : new StoredAnswer(null, exchange.Status, exchange.Body);
    }

    /// <summary>
    /// When the run has refused groups, what a missing answer may be: a response that sat in one of them. Null when
    /// every group checked out (then a missing answer is just missing).
    /// </summary>
    public string? MissingBecause()
    {
        var failures = Report.Failures;
        return failures.Count == 0
            ? null
            : string.Join("; ", failures.Take(RawIntegrityReport.NamedFailures).Select(f => f.Describe()))
              + (failures.Count > RawIntegrityReport.NamedFailures ? string.Create(CultureInfo.InvariantCulture, $"; and {failures.Count - RawIntegrityReport.NamedFailures} more") : "");
    }

    /// <summary>Drops the cached groups (the index file stays open until disposed).</summary>
    public void Release() => _cache.Clear();

    public void Dispose()
    {
        _cache.Clear();
        _file.Dispose();
    }

    private async Task<RawGroup> LoadAsync(int ordinal)
    {
        var reference = _file.Group(ordinal);
        var segment = _file.Meta.Segments[reference.Segment];
        var entry = new RawManifestEntry(segment, reference.Offset, reference.Length, _file.GroupKey(reference), reference.Count,
            Convert.ToHexStringLower(reference.Sha256), null);
        var bytes = await _store.ReadBytesAsync(_runId, segment, reference.Offset, reference.Length, CancellationToken.None).ConfigureAwait(false);
        RawGroup group;
        if (bytes is null)
        {
            group = RawGroupDecoder.Failed(entry, RawIntegrityCodes.Missing, "its raw object no longer exists");
        }
        else if (reference.Verified)
        {
            group = RawGroupDecoder.Verify(entry, bytes);
        }
        else
        {
            // No manifest vouched for it: it must still be the bytes that were indexed, holding the same records.
            var read = bytes.Length == reference.Length && RawGroupDecoder.Sha256Hex(bytes) == entry.Sha256
                ? RawGroupDecoder.ReadUnverified(segment, reference.Offset, bytes)
                : RawGroupDecoder.Failed(entry, RawIntegrityCodes.Sha256Mismatch, "its bytes changed after the run was indexed");
            group = read.Records.Count == reference.Count && read.Records.Count > 0
                ? RawGroupDecoder.Salvaged(read)
                : RawGroupDecoder.Failed(entry, read.Failure?.Code ?? RawIntegrityCodes.Unreadable, read.Failure?.Message ?? "it reads differently than when indexed");
        }

        if (group.State == RawGroupState.Failed)
        {
            var failure = RawIntegrityFailure.From(group);
            _lateFailures.TryAdd(ordinal, failure);
            throw new RawIntegrityException($"Run {_runId}: {failure.Describe()}; the agent is marked incomplete (raw_integrity).");
        }

        return group;
    }

    private RawIntegrityException Refused(int ordinal, string code, string message)
    {
        var reference = _file.Group(ordinal);
        var failure = new RawIntegrityFailure(_file.GroupKey(reference), _file.Meta.Segments[reference.Segment], code, message, null);
        _lateFailures.TryAdd(ordinal, failure);
        return new RawIntegrityException($"Run {_runId}: {failure.Describe()}; the agent is marked incomplete (raw_integrity).");
    }

    private static async Task<IDisposable> LockAsync(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (ReplayIndexFiles.TryLock(path) is { } held)
            {
                return held;
            }

            // Another process is building this index: wait for it, then use what it built.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
