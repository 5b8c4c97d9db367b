using System.Diagnostics;
using System.Runtime.Versioning;

namespace PropGrade.Cli.Tests;

/// <summary>The real <c>propgrade</c> executable, as a child process: everything a run leaves in its data directory is the owner's only.</summary>
[Trait("Category", "Integration")]
[UnsupportedOSPlatform("windows")]
public sealed class OwnerOnlyUmaskTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg-cli-modes-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Propgrade_RunInAChildProcess_LeavesOnlyOwnerOnlyFilesAndDirectories()
    {
        var data = Path.Combine(_root, "data");
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "propgrade"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["run", "--agents", "40", "--data-dir", data, "--json"])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains("\"status\"", await stdout, StringComparison.Ordinal);
        var files = Directory.GetFiles(data, "*", SearchOption.AllDirectories);
        var directories = Directory.GetDirectories(data, "*", SearchOption.AllDirectories).Append(data).ToList();
        Assert.Contains(files, f => f.EndsWith("propgrade.db", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(Path.Combine("exports", "graded.csv"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains(Path.Combine("raw", "seg-"), StringComparison.Ordinal));
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == (UnixFileMode.UserRead | UnixFileMode.UserWrite), $"{f}: {File.GetUnixFileMode(f)}"));
        Assert.All(directories, d => Assert.True(File.GetUnixFileMode(d) == (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), $"{d}: {File.GetUnixFileMode(d)}"));
    }
}
