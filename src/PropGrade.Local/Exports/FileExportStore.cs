using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Exports;

/// <summary>
/// <see cref="IExportStore"/> on files under <c>{dataDir}/runs/{runId}/exports/</c>. A write streams into a temp file
/// in the same directory, is flushed, then renamed over the final name: a reader (or a crash) never sees half a file.
/// Links are the relative URLs the local server serves: <c>/runs/{runId}/exports/{name}</c>.
/// </summary>
public sealed class FileExportStore(string dataDir) : IExportStore
{
    private readonly string _root = Path.GetFullPath(dataDir);

    /// <summary>The exports directory of a run (it may not exist yet).</summary>
    public string DirectoryOf(string runId) => Path.Combine(_root, "runs", Check(runId, nameof(runId)), "exports");

    public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        WriteStreamAsync(runId, fileName, contentType, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Streams into <c>.{fileName}.{guid}.tmp</c> in the exports directory (hidden from links), flushes it to disk and
    /// renames it over <paramref name="fileName"/>. When <paramref name="write"/> throws, the temp file is deleted
    /// and the final name is left as it was. Temp files a killed process left for the same name are removed first.
    /// </summary>
    public async Task WriteStreamAsync(string runId, string fileName, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var directory = DirectoryOf(runId);
        var final = Path.Combine(directory, Check(fileName, nameof(fileName)));
        PrivateFiles.CreateDirectory(directory);
        RemoveLeftovers(directory, fileName);
        var temp = PrivateFiles.TempPath(directory, fileName);
        try
        {
            await using (var stream = PrivateFiles.Open(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
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

    private const string TempSuffix = ".tmp";

    private static string TempPrefix(string fileName) => $".{fileName}.";

    private static void RemoveLeftovers(string directory, string fileName)
    {
        foreach (var leftover in Directory.EnumerateFiles(directory, TempPrefix(fileName) + "*" + TempSuffix))
        {
            File.Delete(leftover);
        }
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
