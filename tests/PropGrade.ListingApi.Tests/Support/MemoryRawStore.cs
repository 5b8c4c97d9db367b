using System.Runtime.CompilerServices;
using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>
/// A raw store in memory that keeps the real format: every committed group is one gzip member (its own raw object,
/// as on S3) named in a manifest, read back through the shared decoder. Tests can tamper with a group's bytes, drop
/// the manifest (a run written before manifests existed), count full reads, and make a read fail part-way. Its
/// replay indexes live in a temporary directory removed on dispose.
/// </summary>
internal sealed class MemoryRawStore : IRawStore, IRawIndexHome, IDisposable
{
    private readonly List<(string Segment, byte[] Bytes, RawManifestEntry Entry)> _groups = [];
    private readonly string _indexRoot = Path.Combine(Path.GetTempPath(), "pg-memraw-" + Guid.NewGuid().ToString("N"));

    public MemoryRawStore(params RawExchange[] exchanges)
    {
        foreach (var exchange in exchanges)
        {
            Commit("g-" + _groups.Count, exchange);
        }
    }

    /// <summary>Whether readers find a manifest (false: every group is read unverified).</summary>
    public bool WithManifest { get; set; } = true;

    /// <summary>How many times every group was read (an index build).</summary>
    public int FullReads { get; private set; }

    /// <summary>When set, a full read throws after this many groups (a crash of the reading process).</summary>
    public int? ThrowAfterGroups { get; set; }

    public int Count => _groups.Count;

    public void Commit(string groupKey, params RawExchange[] exchanges)
    {
        var bytes = RawExchangeSerializer.SerializeGroup(groupKey, exchanges);
        var segment = $"g{_groups.Count:D6}.jsonl.gz";
        _groups.Add((segment, bytes, RawManifest.Describe(segment, 0, bytes, groupKey, exchanges)));
    }

    public byte[] BytesOf(int group) => _groups[group].Bytes;

    public RawManifestEntry EntryOf(int group) => _groups[group].Entry;

    /// <summary>Replaces a group's stored bytes (the manifest keeps what was committed).</summary>
    public void Replace(int group, byte[] bytes) => _groups[group] = _groups[group] with { Bytes = bytes };

    public IRawGroupWriter OpenGroup(string runId, string groupKey) => throw new NotSupportedException();

    public IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken) =>
        RawStoreReading.ExchangesAsync(ReadGroupsAsync(runId, cancellationToken), cancellationToken);

    public async IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FullReads++;
        await Task.Yield();
        for (var i = 0; i < _groups.Count; i++)
        {
            if (i == ThrowAfterGroups)
            {
                throw new IOException("The raw store went away mid-read.");
            }

            var (segment, bytes, entry) = _groups[i];
            yield return WithManifest ? RawGroupDecoder.VerifyObject(entry, bytes) : RawGroupDecoder.ReadUnverified(segment, 0, bytes);
        }
    }

    public Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken)
    {
        var found = _groups.FirstOrDefault(g => g.Segment == segment).Bytes;
        return Task.FromResult(found?.AsSpan((int)Math.Min(offset, found.Length), (int)Math.Min(length, found.Length - Math.Min(offset, found.Length))).ToArray());
    }

    public Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult(string.Join(";", _groups.Select(g => $"{g.Segment}:{g.Bytes.Length}")) + (WithManifest ? "+manifest" : ""));

    public string IndexDirectory(string runId) => Path.Combine(_indexRoot, runId);

    public void Dispose()
    {
        if (Directory.Exists(_indexRoot))
        {
            Directory.Delete(_indexRoot, recursive: true);
        }
    }
}
