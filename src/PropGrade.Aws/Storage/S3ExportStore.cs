using Amazon.S3;
using Amazon.S3.Model;
using PropGrade.Core.Exports;

namespace PropGrade.Aws.Storage;

/// <summary>
/// Export files in S3 under <c>runs/{runId}/exports/</c>. A PutObject (or a completed multipart upload) is atomic
/// (readers see all or nothing); streamed writes go through a temp file, so memory does not grow with the file;
/// links are presigned GETs that expire after <see cref="S3ExportStoreOptions.LinkLifetime"/> (at most 15 minutes).
/// </summary>
public sealed class S3ExportStore : IExportStore
{
    private static readonly TimeSpan SigningMargin = TimeSpan.FromSeconds(5);

    private readonly S3ObjectClient objects;
    private readonly S3ExportStoreOptions options;
    private readonly TimeProvider time;

    public S3ExportStore(IAmazonS3 s3, S3ExportStoreOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Validate();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        objects = new S3ObjectClient(s3, options.Bucket);
    }

    public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        objects.PutAsync(S3Keys.Export(runId, fileName), content, contentType, cancellationToken);

    /// <summary>
    /// Streams into a temp file (<see cref="S3ExportStoreOptions.TempDirectory"/>), then uploads it (multipart above
    /// <see cref="S3ExportStoreOptions.PartSize"/>); the object appears only when the upload completes. The temp file
    /// is deleted whatever happens.
    /// </summary>
    public async Task WriteStreamAsync(string runId, string fileName, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var key = S3Keys.Export(runId, fileName);
        var temp = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"propgrade-export-{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            await objects.PutFileAsync(key, temp, contentType, options.PartSize, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await objects.GetBytesAsync(S3Keys.Export(runId, fileName), cancellationToken);
        return bytes is null ? null : new MemoryStream(bytes, writable: false);
    }

    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken) =>
        LinksAsync(runId, null, cancellationToken);

    /// <summary>
    /// The presigned links, each signed with <c>response-content-disposition: attachment; filename="..."</c>, so the file
    /// (stored under its stable key) downloads under its run's name.
    /// </summary>
    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, Func<string, string> downloadName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloadName);
        return LinksAsync(runId, downloadName, cancellationToken);
    }

    private async Task<IReadOnlyList<ExportLink>> LinksAsync(string runId, Func<string, string>? downloadName, CancellationToken cancellationToken)
    {
        var prefix = S3Keys.ExportsPrefix(runId);
        // The SDK signs X-Amz-Expires against its own clock-skew-corrected time, rounded up: without a margin a
        // 15-minute link could come out as 901 s. Sign a little short so the link never outlives the promise.
        var lifetime = options.LinkLifetime > 2 * SigningMargin ? options.LinkLifetime - SigningMargin : options.LinkLifetime;
        var expires = time.GetUtcNow() + lifetime;
        var links = new List<ExportLink>();
        await foreach (var o in objects.ListAsync(prefix, cancellationToken))
        {
            var name = o.Key[prefix.Length..];
            var download = downloadName?.Invoke(name);
            var request = new GetPreSignedUrlRequest
            {
                BucketName = options.Bucket,
                Key = o.Key,
                Verb = HttpVerb.GET,
                Expires = expires.UtcDateTime,
                Protocol = options.UseHttp ? Protocol.HTTP : Protocol.HTTPS,
            };
            if (download is not null)
            {
                request.ResponseHeaderOverrides.ContentDisposition = $"attachment; filename=\"{download}\"";
            }

            var url = await objects.S3.GetPreSignedURLAsync(request);
            links.Add(new ExportLink(name, url, o.Size ?? 0, expires, download));
        }

        return links.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
    }
}
