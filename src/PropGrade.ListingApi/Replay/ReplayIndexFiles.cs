namespace PropGrade.ListingApi.Replay;

/// <summary>
/// The one place the replay index creates and opens files (the index, its temporary and spill files, its build lock),
/// so that their access modes are set in one place.
/// </summary>
internal static class ReplayIndexFiles
{
    public static void CreateDirectory(string path) => Directory.CreateDirectory(path);

    /// <summary>A new file this process writes alone (temporary index, spill run).</summary>
    public static FileStream CreateNew(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 64 * 1024,
        });

    /// <summary>
    /// The build lock: held (exclusively, released by the OS if the process dies) while an index is built, so two
    /// processes do not build the same index at once and temporary files found while holding it are leftovers.
    /// </summary>
    public static FileStream? TryLock(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                BufferSize = 0,
            });
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static FileStream OpenRead(string path) =>
        new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read | FileShare.Delete,
            BufferSize = 64 * 1024,
        });
}
