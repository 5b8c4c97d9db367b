using PropGrade.Cli.Tests.Commands;

namespace PropGrade.Cli.Tests.Requests;

/// <summary>Every bad flag of a command is named in its one message (exit 2, nothing written), not just the first kind found.</summary>
public sealed class AllFlagProblemsTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Run_SixBadFlagsOfBothKinds_NamesAllSixAndWritesNothing()
    {
        var exit = await _cli.RunAsync("run", "--since", "2026-13-01", "--as-of", "2030-01-01", "--select", "A,Q", "--max-pages", "x", "--markets", "1234,07030", "--concurrency", "0");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        foreach (var flag in (string[])["--since", "--as-of", "--select", "--max-pages", "--markets", "--concurrency"])
        {
            Assert.Contains("error: " + flag, error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(_cli.DataDir));
        Assert.Empty(_cli.Out.ToString());
    }

    [Fact]
    public async Task Run_UnreadableFlagsBesideRuleViolations_NamesEveryOne()
    {
        var missingTiers = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "no-such-tiers.json");

        var exit = await _cli.RunAsync("run", "--tiers", missingTiers, "--max-pages", "many", "--since", "2026-13-01", "--select", "Q");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--tiers: file", error, StringComparison.Ordinal);
        Assert.Contains("--max-pages: 'many'", error, StringComparison.Ordinal);
        Assert.Contains("--since (soldSince)", error, StringComparison.Ordinal);
        Assert.Contains("--select (selectedTiers[0])", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }
}
