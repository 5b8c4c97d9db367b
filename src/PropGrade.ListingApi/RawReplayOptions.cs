namespace PropGrade.ListingApi;

/// <summary>Settings of <see cref="RawReplaySource"/>; the defaults suit a regrade of a million agents on a laptop.</summary>
public sealed class RawReplayOptions
{
    /// <summary>
    /// Where the run's replay index is kept. Default: the raw store's own index directory when it has one (the local
    /// store: <c>{dataDir}/runs/{runId}/raw-index/</c>, so the index is built once and reused), else a temporary
    /// directory removed when the source is disposed.
    /// </summary>
    public string? IndexDirectory { get; set; }

    /// <summary>
    /// Decompressed raw groups kept for reuse while grading, in bytes (agents of one stored group are usually graded
    /// one after another). Default 32 MiB.
    /// </summary>
    public long GroupCacheBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Index entries sorted in memory at a time while building (32 bytes each). Default 262,144 (8 MiB).</summary>
    public int SortChunkEntries { get; set; } = 1 << 18;

    public void Validate()
    {
        if (GroupCacheBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(GroupCacheBytes), GroupCacheBytes, "GroupCacheBytes must be >= 0.");
        }

        if (SortChunkEntries < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(SortChunkEntries), SortChunkEntries, "SortChunkEntries must be at least 2.");
        }
    }
}
