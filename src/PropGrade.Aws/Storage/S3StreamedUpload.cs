using Amazon.S3;
using Amazon.S3.Model;

namespace PropGrade.Aws.Storage;

/// <summary>
/// One object written as its bytes come, never held whole: they gather in <see cref="Buffer"/>; once it holds a part
/// (<see cref="UploadFullPartsAsync"/>) it goes up as a part of a multipart upload (begun at the first part);
/// <see cref="CompleteAsync"/> sends the rest (a single PutObject when no part was needed) and completes the upload.
/// Disposed without completing, the upload is aborted (best effort): no half object ever appears under the key.
/// </summary>
public sealed class S3StreamedUpload : IAsyncDisposable
{
    private readonly S3ObjectClient _objects;
    private readonly string _key;
    private readonly string _contentType;
    private readonly int _partSize;
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private bool _completed;

    public S3StreamedUpload(S3ObjectClient objects, string key, string contentType, int partSize)
    {
        _objects = objects ?? throw new ArgumentNullException(nameof(objects));
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, S3ObjectClient.MinPartSize);
        _key = key;
        _contentType = contentType;
        _partSize = partSize;
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

        _uploadId ??= (await _objects.S3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _objects.Bucket, Key = _key, ContentType = _contentType }, cancellationToken)).UploadId;
        await UploadPartAsync(isLast: false, cancellationToken);
    }

    /// <summary>Sends what is left and makes the object appear.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
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
                await UploadPartAsync(isLast: true, cancellationToken);
            }

            await _objects.S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _objects.Bucket,
                Key = _key,
                UploadId = _uploadId,
                PartETags = _parts,
            }, cancellationToken);
        }

        _completed = true;
        Buffer.SetLength(0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_uploadId is not null && !_completed)
        {
            await _objects.TryAbortUploadAsync(_key, _uploadId);
        }

        await Buffer.DisposeAsync();
    }

    private async Task UploadPartAsync(bool isLast, CancellationToken cancellationToken)
    {
        var number = _parts.Count + 1;
        using var part = new MemoryStream(Buffer.GetBuffer(), 0, (int)Buffer.Length, writable: false);
        var response = await _objects.S3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _objects.Bucket,
            Key = _key,
            UploadId = _uploadId,
            PartNumber = number,
            InputStream = part,
            PartSize = part.Length,
            IsLastPart = isLast,
            UseChunkEncoding = false,
        }, cancellationToken);
        _parts.Add(new PartETag(number, response.ETag));
        Buffer.SetLength(0);
    }
}
