using System.Diagnostics;
using PropGrade.Local.Runs;

namespace PropGrade.Local;

/// <summary>
/// The data directory's checks and upkeep, in one place for every command and host:
/// <list type="bullet">
/// <item><see cref="Problem"/> says why a path cannot be one (empty, a file, under a file, not writable) before
/// anything is created;</item>
/// <item><see cref="HasData"/> says whether PropGrade data is there at all, so a command that only reads (show,
/// resume, regrade of an unknown run) refuses a missing one instead of creating it;</item>
/// <item><see cref="Prepare"/> creates it <c>0700</c>, narrows an existing <c>runs/</c> to <c>0700</c> and the
/// database files to <c>0600</c>, and removes temp files that killed writers left behind.</item>
/// </list>
/// </summary>
public static class DataDirectory
{
    /// <summary>The folder of per-run files (raw responses, exports): <c>{dataDir}/runs</c>.</summary>
    public const string RunsFolder = "runs";

    private static readonly Lazy<DateTimeOffset> ProcessStart = new(() =>
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
    });

    /// <summary>Why <paramref name="path"/> cannot be a data directory, or null when it can (it exists and is writable, or can be created).</summary>
    public static string? Problem(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "the data directory path is empty: give a directory, e.g. ./propgrade-data.";
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a usable path: {ex.Message}";
        }

        if (File.Exists(full))
        {
            return $"'{full}' is a file, not a directory.";
        }

        if (Directory.Exists(full))
        {
            return WritableProblem(full, full);
        }

        // Missing: the nearest existing ancestor must be a directory we can create it in.
        var ancestor = Path.GetDirectoryName(full);
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return $"'{full}' cannot be created: '{ancestor}' is a file, not a directory.";
            }

            ancestor = Path.GetDirectoryName(ancestor);
        }

        return ancestor is null
            ? $"'{full}' cannot be created: none of its parent directories exists."
            : WritableProblem(ancestor, full);
    }

    /// <summary>Whether <paramref name="path"/> holds PropGrade data (its run database); false for a missing or foreign directory.</summary>
    public static bool HasData(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return false;
        }

        try
        {
            return File.Exists(Path.Combine(Path.GetFullPath(path), SqliteDatabase.FileName));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return false;
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> ready to use: checks it (<see cref="Problem"/>, thrown as
    /// <see cref="DataDirectoryException"/>), creates it <c>0700</c> when missing, narrows <c>runs/</c> and the database
    /// files an earlier version left readable to <c>0700</c> / <c>0600</c>, and removes stale temp files
    /// (<see cref="RemoveStaleTempFiles"/>). Returns the absolute path.
    /// </summary>
    public static string Prepare(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new DataDirectoryException(problem);
        }

        var full = Path.GetFullPath(path);
        PrivateFiles.CreateDirectory(full);
        PrivateFiles.Restrict(Path.Combine(full, RunsFolder));
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            PrivateFiles.Restrict(Path.Combine(full, SqliteDatabase.FileName + suffix));
        }

        RemoveStaleTempFiles(full, ProcessStart.Value);
        return full;
    }

    /// <summary>
    /// Removes the temp files (<see cref="PrivateFiles.IsTempName"/>: <c>.{name}.{32 hex}.tmp</c>) in the data directory,
    /// <c>runs/{runId}/</c> and <c>runs/{runId}/{exports,raw,…}/</c> that a killed writer left: only those last written
    /// before <paramref name="olderThan"/> (this process's start) and that no process holds open (a live writer's file
    /// is locked; it is skipped). Never touches anything else: SQLite's <c>-wal</c>/<c>-shm</c> hold committed data.
    /// Returns the paths removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveStaleTempFiles(string dataDir, DateTimeOffset olderThan)
    {
        var removed = new List<string>();
        var full = Path.GetFullPath(dataDir);
        if (!Directory.Exists(full))
        {
            return removed;
        }

        RemoveIn(full, olderThan, removed);
        var runs = Path.Combine(full, RunsFolder);
        if (Directory.Exists(runs))
        {
            foreach (var run in SafeEnumerate(() => Directory.EnumerateDirectories(runs)))
            {
                RemoveIn(run, olderThan, removed);
                foreach (var folder in SafeEnumerate(() => Directory.EnumerateDirectories(run)))
                {
                    RemoveIn(folder, olderThan, removed);
                }
            }
        }

        RemoveStaleSorts(Path.Combine(full, TempFolder), olderThan, removed);
        return removed;
    }

    /// <summary>Where aggregation's external sort spills (<c>{dataDir}/tmp/.propgrade-sort-{guid}/</c>).</summary>
    public const string TempFolder = "tmp";

    /// <summary>
    /// A killed aggregation's sort directory (<c>tmp/.propgrade-sort-*</c>): removed when it and every file in it were last
    /// written before <paramref name="olderThan"/> and no process holds one of its files open (a live merge reads them).
    /// </summary>
    private static void RemoveStaleSorts(string temp, DateTimeOffset olderThan, List<string> removed)
    {
        if (!Directory.Exists(temp))
        {
            return;
        }

        foreach (var sort in SafeEnumerate(() => Directory.EnumerateDirectories(temp, ".propgrade-sort-*")))
        {
            try
            {
                var files = Directory.GetFiles(sort);
                if (Directory.GetLastWriteTimeUtc(sort) >= olderThan.UtcDateTime || files.Any(f => File.GetLastWriteTimeUtc(f) >= olderThan.UtcDateTime))
                {
                    continue;
                }

                foreach (var file in files)
                {
                    using var held = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                }

                Directory.Delete(sort, recursive: true);
                removed.Add(sort);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // In use, or gone already: not ours to remove now.
            }
        }
    }

    private static void RemoveIn(string directory, DateTimeOffset olderThan, List<string> removed)
    {
        foreach (var file in SafeEnumerate(() => Directory.EnumerateFiles(directory, ".*.tmp")))
        {
            if (!PrivateFiles.IsTempName(Path.GetFileName(file)) || File.GetLastWriteTimeUtc(file) >= olderThan.UtcDateTime)
            {
                continue;
            }

            try
            {
                // An exclusive open fails while any process holds the file (.NET locks files it opens on Unix too):
                // a writer that is still alive keeps its temp file.
                using var held = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                File.Delete(file);
                removed.Add(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // In use, or gone already: not ours to remove now.
            }
        }
    }

    private static IEnumerable<string> SafeEnumerate(Func<IEnumerable<string>> enumerate)
    {
        try
        {
            return [.. enumerate()];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string? WritableProblem(string directory, string target)
    {
        var probe = Path.Combine(directory, $".propgrade-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return directory == target
                ? $"'{target}' is not writable: {ex.Message}"
                : $"'{target}' cannot be created: '{directory}' is not writable: {ex.Message}";
        }
    }
}
