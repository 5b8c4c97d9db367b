using System.Text.RegularExpressions;

namespace PropGrade.Local;

/// <summary>
/// Files and directories only their owner can read: every file PropGrade writes under the data directory (the
/// SQLite database, raw segments, exports, their temp files) is created <c>0600</c> and every directory <c>0700</c> on
/// Unix. Use these where a file or directory is created, instead of <c>new FileStream</c> /
/// <c>Directory.CreateDirectory</c>. (On Windows the modes do not apply; the calls behave as the plain ones.)
/// Temp files follow one naming rule, <see cref="TempPath"/>, so a start can tell a killed writer's leftovers.
/// </summary>
public static partial class PrivateFiles
{
    /// <summary><c>0600</c>: read and write for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary><c>0700</c>: the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [System.Runtime.Versioning.UnsupportedOSPlatformGuard("windows")]
    private static bool HasUnixModes => !OperatingSystem.IsWindows();

    /// <summary>
    /// <c>new FileStream(path, mode, access, share, bufferSize, options)</c>, except that a file it creates is <c>0600</c>
    /// from its first byte (the mode is given to <c>open(2)</c>, not set afterwards).
    /// </summary>
    public static FileStream Open(string path, System.IO.FileMode mode, FileAccess access, FileShare share = FileShare.Read, int bufferSize = 4096, FileOptions options = FileOptions.None)
    {
        var settings = new FileStreamOptions { Mode = mode, Access = access, Share = share, BufferSize = bufferSize, Options = options };
        if (HasUnixModes && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate && (access & FileAccess.Write) != 0)
        {
            settings.UnixCreateMode = FileMode;
        }

        return new FileStream(path, settings);
    }

    /// <summary><c>Directory.CreateDirectory</c>, with every directory it creates <c>0700</c> (existing ones are left as they are).</summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        if (!HasUnixModes)
        {
            return Directory.CreateDirectory(path);
        }

        // Directory.CreateDirectory(path, mode) gives the mode to the last directory only: create the missing ones
        // one level at a time, outermost first.
        var full = Path.GetFullPath(path);
        var missing = new Stack<string>();
        for (var directory = full; directory is not null && !Directory.Exists(directory); directory = Path.GetDirectoryName(directory))
        {
            missing.Push(directory);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        return new DirectoryInfo(full);
    }

    /// <summary>Narrows an existing file to <c>0600</c> or directory to <c>0700</c> (one written by an earlier version); nothing when it does not exist.</summary>
    public static void Restrict(string path)
    {
        if (!HasUnixModes)
        {
            return;
        }

        if (File.Exists(path))
        {
            File.SetUnixFileMode(path, FileMode);
        }
        else if (Directory.Exists(path))
        {
            File.SetUnixFileMode(path, DirectoryMode);
        }
    }

    /// <summary>
    /// Where to write <paramref name="fileName"/> before renaming it into place: <c>.{fileName}.{32 hex}.tmp</c> in
    /// <paramref name="directory"/> (hidden from listings). A start of the engine removes such files that no process
    /// holds open and that are older than the process.
    /// </summary>
    public static string TempPath(string directory, string fileName) =>
        Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");

    /// <summary>Whether a file name is one <see cref="TempPath"/> makes.</summary>
    public static bool IsTempName(string fileName) => TempName().IsMatch(fileName);

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$", RegexOptions.CultureInvariant)]
    private static partial Regex TempName();
}
