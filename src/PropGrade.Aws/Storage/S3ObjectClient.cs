using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace PropGrade.Aws.Storage;

/// <summary>
/// The few S3 calls the stores make, in one place: every PutObject without aws-chunked framing (s3rver would store
/// the framing), uploads of a file (multipart above a part size), reads that answer null for a missing key, and paged
/// listing.
/// </summary>
public sealed class S3ObjectClient(IAmazonS3 s3, string bucket)
{
    public string Bucket { get; } = bucket;

    public IAmazonS3 S3 { get; } = s3;

    /// <summary>S3's smallest part of a multipart upload (all but the last part).</summary>
    public const long MinPartSize = 5L * 1024 * 1024;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content.ToArray(), writable: false);
        await S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            UseChunkEncoding = false,
            AutoCloseStream = false,
        }, cancellationToken);
    }

    /// <summary>
    /// Uploads a file: one PutObject up to <paramref name="partSize"/> bytes, a multipart upload in parts of that size
    /// above it, each part read from the file (<see cref="S3MultipartUpload"/>: aborted if a part fails, so no half
    /// object ever appears under <paramref name="key"/>).
    /// </summary>
    public async Task PutFileAsync(string key, string path, string contentType, long partSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, MinPartSize);
        var length = new FileInfo(path).Length;
        if (length <= partSize)
        {
            await S3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                FilePath = path,
                ContentType = contentType,
                UseChunkEncoding = false,
            }, cancellationToken);
            return;
        }

        await using var upload = new S3MultipartUpload(this, key, contentType);
        for (long position = 0; position < length; position += partSize)
        {
            await upload.UploadPartAsync(path, position, Math.Min(partSize, length - position), isLast: position + partSize >= length, cancellationToken);
        }

        await upload.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// Aborts a multipart upload that did not complete, best effort: the error that stopped the upload is the one to
    /// surface. An upload never completed makes no object either way; only its parts are left (until the buckets'
    /// incomplete-upload rule removes them).
    /// </summary>
    public async Task TryAbortUploadAsync(string key, string uploadId)
    {
        try
        {
            await S3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (AmazonS3Exception)
        {
        }
    }

    public async Task<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await S3.GetObjectAsync(Bucket, key, cancellationToken);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// The object's bytes, or null when it does not exist — found by listing its key first, so that a role granted
    /// <c>s3:ListBucket</c> only under a prefix (S3 then answers a missing key's GET with 403, not 404) can still tell
    /// "not there yet" (a batch's first invocation, a run not yet discovered) from a refusal.
    /// </summary>
    public async Task<byte[]?> GetBytesIfPresentAsync(string key, CancellationToken cancellationToken)
    {
        var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = key, MaxKeys = 1 }, cancellationToken);
        return (page.S3Objects ?? []).Any(o => o.Key == key) ? await GetBytesAsync(key, cancellationToken) : null;
    }

    /// <summary>Whether <paramref name="key"/> exists, found by listing it (see <see cref="GetBytesIfPresentAsync"/>).</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = key, MaxKeys = 1 }, cancellationToken);
        return (page.S3Objects ?? []).Any(o => o.Key == key);
    }

    public async IAsyncEnumerable<S3Object> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await S3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = prefix,
                ContinuationToken = token,
            }, cancellationToken);
            foreach (var o in page.S3Objects ?? [])
            {
                yield return o;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }
}
