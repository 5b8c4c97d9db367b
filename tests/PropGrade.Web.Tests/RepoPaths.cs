namespace PropGrade.Web.Tests;

/// <summary>Where test artifacts go: <c>artifacts/screenshots/</c> under the repository root (env <c>PROPGRADE_REPO_ROOT</c>, else the folder holding <c>PropGrade.sln</c>).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Screenshots
    {
        get
        {
            var path = Path.Combine(Root, "artifacts", "screenshots");
            Directory.CreateDirectory(path);
            return path;
        }
    }

    private static string FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("PROPGRADE_REPO_ROOT");
        if (!string.IsNullOrWhiteSpace(fromEnv) && Directory.Exists(fromEnv))
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

        throw new InvalidOperationException("PropGrade.sln not found above " + AppContext.BaseDirectory + "; set PROPGRADE_REPO_ROOT.");
    }
}
