using Amazon.S3.Model;

namespace PropGrade.Aws.Storage;

/// <summary>
/// One object written as its bytes come, never held whole: they gather in <see cref="Buffer"/>; once it holds a part
/// (<see cref="UploadFullPartsAsync"/>) it goes up as a part of a multipart upload (<see cref="S3MultipartUpload"/>,
/// begun at the first part); <see cref="CompleteAsync"/> sends the rest (a single PutObject when no part was needed)
/// and completes the upload. Disposed without completing, the upload is aborted (best effort): no half object ever
/// appears under the key.
/// </summary>
public sealed class S3StreamedUpload : IAsyncDisposable
{
    private readonly S3ObjectClient _objects;
    private readonly string _key;
    private readonly string _contentType;
    private readonly int _partSize;
    private readonly S3MultipartUpload _multipart;

    public S3StreamedUpload(S3ObjectClient objects, string key, string contentType, int partSize)
    {
        _objects = objects ?? throw new ArgumentNullException(nameof(objects));
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, S3ObjectClient.MinPartSize);
        _key = key;
        _contentType = contentType;
        _partSize = partSize;
        _multipart = new S3MultipartUpload(objects, key, contentType);
    }

    /// <summary>The bytes not yet sent; write to it, then call <see cref="UploadFullPartsAsync"/>.</summary>
    public MemoryStream Buffer { get; } = new();

    /// <summary>Sends the buffered bytes as one part when they reach the part size (nothing otherwise).</summary>
    public async Task UploadFullPartsAsync(CancellationToken cancellationToken)
    {
        if (Buffer.Length < _partSize)
        {
            return;
        }

        await UploadBufferAsync(isLast: false, cancellationToken);
    }

    /// <summary>Sends what is left and makes the object appear.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (!_multipart.Started)
        {
            Buffer.Position = 0;
            await _objects.S3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _objects.Bucket,
                Key = _key,
                InputStream = Buffer,
                ContentType = _contentType,
                UseChunkEncoding = false,
                AutoCloseStream = false,
            }, cancellationToken);
        }
        else
        {
            if (Buffer.Length > 0)
            {
                await UploadBufferAsync(isLast: true, cancellationToken);
            }

            await _multipart.CompleteAsync(cancellationToken);
        }

        Buffer.SetLength(0);
    }

    public async ValueTask DisposeAsync()
    {
        await _multipart.DisposeAsync();
        await Buffer.DisposeAsync();
    }

    private async Task UploadBufferAsync(bool isLast, CancellationToken cancellationToken)
    {
        using var part = new MemoryStream(Buffer.GetBuffer(), 0, (int)Buffer.Length, writable: false);
        await _multipart.UploadPartAsync(part, isLast, cancellationToken);
        Buffer.SetLength(0);
    }
}
