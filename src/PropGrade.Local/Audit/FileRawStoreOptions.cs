using System.IO.Compression;

namespace PropGrade.Local.Audit;

/// <summary>Settings of <see cref="FileRawStore"/>; the defaults suit a laptop run of tens of thousands of agents.</summary>
public sealed class FileRawStoreOptions
{
    /// <summary>A segment file is closed and a new one started once it reaches this size. Default 64 MiB.</summary>
    public long SegmentMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Whether a commit waits for the operating system to put the bytes on disk (fsync). Default true: a crash loses
    /// at most the groups not yet committed. Concurrent commits share one fsync (group commit).
    /// </summary>
    public bool FlushToDisk { get; set; } = true;

    /// <summary>gzip level of each committed group. Default <see cref="CompressionLevel.Fastest"/>.</summary>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Fastest;

    public void Validate()
    {
        if (SegmentMaxBytes < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentMaxBytes), SegmentMaxBytes, "SegmentMaxBytes must be at least 4096.");
        }

        if (!Enum.IsDefined(CompressionLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), CompressionLevel, "Unknown compression level.");
        }
    }
}
