namespace PropGrade.Aws.Tests.Peers;

/// <summary>Finds the repository (env <c>PROPGRADE_REPO_ROOT</c>, else the folder holding PropGrade.sln) and the npm peers.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string PeersBin => Path.Combine(Root, "eng", "peers", "node_modules", ".bin");

    public static string Harness => Path.Combine(Root, "eng", "peers", "harness");

    /// <summary>The path of an npm peer's executable; fails (never skips) with the fix when it is missing.</summary>
    public static string Peer(string name)
    {
        var path = Path.Combine(PeersBin, name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The npm test peer '{name}' is missing at {path}. Run: npm ci --prefix eng/peers (eng/test.sh does).");
        }

        return path;
    }

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PROPGRADE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(Path.Combine(fromEnv, "PropGrade.sln")))
        {
            return fromEnv;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PropGrade.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (PropGrade.sln) above " + AppContext.BaseDirectory);
    }
}
