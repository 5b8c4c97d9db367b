namespace PropGrade.Aws.Storage;

/// <summary>Settings of <see cref="S3ExportStore"/>.</summary>
public sealed record S3ExportStoreOptions
{
    /// <summary>The exports bucket. Required.</summary>
    public required string Bucket { get; init; }

    /// <summary>How long a presigned GET link works: 1 second .. 15 minutes. Default 15 minutes.</summary>
    public TimeSpan LinkLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Presign <c>http://</c> links (s3rver); <c>https://</c> otherwise. Default false.</summary>
    public bool UseHttp { get; init; }

    /// <summary>
    /// Where an export is streamed before it is uploaded (Lambda: <c>/tmp</c>). Default: the system temp directory.
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Files up to this size are uploaded with one PutObject, larger ones in multipart parts of this size: at least
    /// 5 MiB (S3's minimum part). Default 64 MiB.
    /// </summary>
    public long PartSize { get; init; } = 64L * 1024 * 1024;

    public S3ExportStoreOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ArgumentException("Bucket is required.", nameof(Bucket));
        }

        if (LinkLifetime < TimeSpan.FromSeconds(1) || LinkLifetime > TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(LinkLifetime), LinkLifetime, "Presigned links must expire within 1 second .. 15 minutes.");
        }

        if (PartSize < S3ObjectClient.MinPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(PartSize), PartSize, "PartSize must be at least 5 MiB.");
        }

        return this;
    }
}
