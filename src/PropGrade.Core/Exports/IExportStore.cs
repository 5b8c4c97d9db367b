namespace PropGrade.Core.Exports;

/// <summary>Export files under <c>runs/{runId}/exports/</c>: files locally, S3 on AWS.</summary>
public interface IExportStore
{
    /// <summary>Writes atomically: a reader sees the whole file or none of it, never a half file under the final name.</summary>
    Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a file by streaming it, as atomically as <see cref="WriteAsync"/>: <paramref name="write"/> fills a
    /// writable, seekable stream positioned at 0 (it must not dispose it); only when it completes does the file
    /// appear under <paramref name="fileName"/>. When it throws, nothing is published (a file written earlier under
    /// that name stays as it was) and the exception propagates.
    /// <para>
    /// The stores of this repository stream through a temporary file, so memory does not depend on the file's size.
    /// This default buffers in memory and calls <see cref="WriteAsync"/>: fine for test doubles, not for a real store.
    /// </para>
    /// </summary>
    async Task WriteStreamAsync(string runId, string fileName, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        await write(buffer, cancellationToken).ConfigureAwait(false);
        await WriteAsync(runId, fileName, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), contentType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when the file does not exist.</summary>
    Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// The links, each with the name it downloads under (<paramref name="downloadName"/> of the stored name). A store whose
    /// links go straight to the file (S3's presigned GETs) makes the download carry that name
    /// (<c>response-content-disposition</c>); this default only sets <see cref="ExportLink.DownloadName"/>, for links the
    /// runs API serves itself (it sends the <c>Content-Disposition</c>).
    /// </summary>
    async Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, Func<string, string> downloadName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloadName);
        var links = await GetLinksAsync(runId, cancellationToken).ConfigureAwait(false);
        return [.. links.Select(l => l with { DownloadName = downloadName(l.Name) })];
    }
}
