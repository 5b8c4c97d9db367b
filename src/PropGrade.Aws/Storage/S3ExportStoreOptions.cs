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

        return this;
    }
}
