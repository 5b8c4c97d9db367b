namespace PropGrade.Core.Exports;

/// <summary>Export files under <c>runs/{runId}/exports/</c>: files locally, S3 on AWS.</summary>
public interface IExportStore
{
    /// <summary>Writes atomically: a reader sees the whole file or none of it, never a half file under the final name.</summary>
    Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Null when the file does not exist.</summary>
    Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken);
}
