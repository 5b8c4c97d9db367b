using PropGrade.Local;

namespace PropGrade.Cli.Requests;

/// <summary>
/// <c>--data-dir</c> as every command reads it: a path that cannot be a data directory (empty, a file, under a file,
/// not writable) is a bad flag, exit 2 with nothing created; a command that only reads a run (show, resume, regrade)
/// on a directory without PropGrade data says so instead of creating one.
/// </summary>
internal static class DataDirFlag
{
    public const string Name = "--data-dir";

    public const string Default = "./propgrade-data";

    /// <summary>Adds "--data-dir: …" when <paramref name="path"/> cannot be a data directory; true when it can.</summary>
    public static bool Check(string? path, List<string> problems)
    {
        if (DataDirectory.Problem(path) is { } problem)
        {
            problems.Add($"{Name}: {problem}");
            return false;
        }

        return true;
    }

    /// <summary>The problem of looking up <paramref name="runId"/> in <paramref name="dataDir"/>, when that holds no PropGrade data (nothing is created).</summary>
    public static string? NoRunThere(string label, string runId, string dataDir) =>
        DataDirectory.HasData(dataDir)
            ? null
            : $"{label}: no run '{runId}': {Path.GetFullPath(dataDir)} holds no PropGrade data ({(Directory.Exists(dataDir) ? "no runs database" : "it does not exist")}); give the --data-dir the run was made in.";
}
