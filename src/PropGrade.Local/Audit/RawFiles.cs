namespace PropGrade.Local.Audit;

/// <summary>
/// The one place the raw store creates files (segments and their manifests) and directories, so that their access
/// modes are set in one place.
/// </summary>
internal static class RawFiles
{
    /// <summary>Creates a run's raw directory (and its parents) if needed.</summary>
    public static void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <summary>Creates a new, append-only file for writing; fails if it exists (each writer owns its files).</summary>
    public static FileStream CreateNew(string path, int bufferSize) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = bufferSize,
        });

    /// <summary>Opens an existing raw file for reading while a writer may still append to it.</summary>
    public static FileStream OpenRead(string path, int bufferSize = 64 * 1024) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete,
            BufferSize = bufferSize,
        });
}
