using Amazon.S3.Model;

namespace PropGrade.Aws.Storage;

/// <summary>
/// The one multipart upload loop of the stores, for a file's parts (<see cref="S3ObjectClient.PutFileAsync"/>) and for
/// a stream's (<see cref="S3StreamedUpload"/>) alike: the upload is initiated (with the content type) at its first
/// part, parts are numbered from 1 as they are sent, <see cref="CompleteAsync"/> makes the object appear. Disposed
/// without completing, an upload that was begun is aborted, best effort (<see cref="S3ObjectClient.TryAbortUploadAsync"/>):
/// no half object ever appears under the key.
/// </summary>
internal sealed class S3MultipartUpload(S3ObjectClient objects, string key, string contentType) : IAsyncDisposable
{
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private bool _completed;

    /// <summary>Whether a part has been sent (so the upload exists and must be completed or aborted).</summary>
    public bool Started => _uploadId is not null;

    /// <summary>Sends the next part: all of <paramref name="content"/>.</summary>
    public Task UploadPartAsync(Stream content, bool isLast, CancellationToken cancellationToken) =>
        SendPartAsync(part =>
        {
            part.InputStream = content;
            part.PartSize = content.Length;
        }, isLast, cancellationToken);

    /// <summary>Sends the next part: <paramref name="size"/> bytes of the file at <paramref name="path"/> from <paramref name="position"/>.</summary>
    public Task UploadPartAsync(string path, long position, long size, bool isLast, CancellationToken cancellationToken) =>
        SendPartAsync(part =>
        {
            part.FilePath = path;
            part.FilePosition = position;
            part.PartSize = size;
        }, isLast, cancellationToken);

    /// <summary>Completes the upload with the parts sent: the object appears under the key.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            throw new InvalidOperationException("No part was sent: there is no multipart upload to complete.");
        }

        await objects.S3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = objects.Bucket,
            Key = key,
            UploadId = _uploadId,
            PartETags = _parts,
        }, cancellationToken);
        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_uploadId is not null && !_completed)
        {
            await objects.TryAbortUploadAsync(key, _uploadId);
        }
    }

    private async Task SendPartAsync(Action<UploadPartRequest> body, bool isLast, CancellationToken cancellationToken)
    {
        _uploadId ??= (await objects.S3.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = objects.Bucket, Key = key, ContentType = contentType }, cancellationToken)).UploadId;
        var number = _parts.Count + 1;
        var request = new UploadPartRequest
        {
            BucketName = objects.Bucket,
            Key = key,
            UploadId = _uploadId,
            PartNumber = number,
            IsLastPart = isLast,
            UseChunkEncoding = false,
        };
        body(request);
        var response = await objects.S3.UploadPartAsync(request, cancellationToken);
        _parts.Add(new PartETag(number, response.ETag));
    }
}
