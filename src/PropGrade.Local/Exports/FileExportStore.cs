using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Exports;

/// <summary>
/// <see cref="IExportStore"/> on files under <c>{dataDir}/runs/{runId}/exports/</c>. A write goes to a temp file in
/// the same directory, is flushed, then renamed over the final name: a reader (or a crash) never sees half a file.
/// Links are the relative URLs the local server serves: <c>/runs/{runId}/exports/{name}</c>.
/// </summary>
public sealed class FileExportStore(string dataDir) : IExportStore
{
    private readonly string _root = Path.GetFullPath(dataDir);

    /// <summary>The exports directory of a run (it may not exist yet).</summary>
    public string DirectoryOf(string runId) => Path.Combine(_root, "runs", Check(runId, nameof(runId)), "exports");

    public async Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(runId);
        Directory.CreateDirectory(directory);
        var final = Path.Combine(directory, Check(fileName, nameof(fileName)));
        var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(DirectoryOf(runId), Check(fileName, nameof(fileName)));
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous) : null);
    }

    public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken)
    {
        var directory = DirectoryOf(runId);
        IReadOnlyList<ExportLink> links = Directory.Exists(directory)
            ? [.. new DirectoryInfo(directory).GetFiles()
                .Where(f => !f.Name.StartsWith('.'))
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new ExportLink(f.Name, $"/runs/{runId}/exports/{Uri.EscapeDataString(f.Name)}", f.Length, null))]
            : [];
        return Task.FromResult(links);
    }

    private static string Check(string value, string name)
    {
        if (!RunIds.IsWellFormed(value))
        {
            throw new ArgumentException($"'{value}' is not a safe path segment.", name);
        }

        return value;
    }
}
