using System.Text.Json;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Tests.Commands;

[Trait("Category", "Integration")]
public sealed class RunCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Run_Defaults_ExitsZeroAndPrintsTheExportsDirectory()
    {
        var exit = await _cli.RunAsync("run");

        var output = _cli.Out.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("SUCCEEDED", output, StringComparison.Ordinal);
        Assert.Contains("Tiers: A ", output, StringComparison.Ordinal);
        var exportsLine = output.Split('\n').Single(l => l.StartsWith("Exports: ", StringComparison.Ordinal))["Exports: ".Length..].Trim();
        Assert.True(Path.IsPathRooted(exportsLine));
        Assert.True(File.Exists(Path.Combine(exportsLine, "graded.csv")));
        Assert.True(File.Exists(Path.Combine(exportsLine, "graded.xlsx")));
        Assert.Contains("[grading]", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Json_PrintsOnlyTheRunRecordOnStdout()
    {
        var exit = await _cli.RunAsync("run", "--json", "--select", "A,B");

        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal(0, exit);
        Assert.Equal(RunStatus.Succeeded, record.Status);
        Assert.Equal(["A", "B"], record.Request.SelectedTiers);
        Assert.Equal(150, record.Counters.AgentsDone);
    }

    [Fact]
    public async Task Run_OnATerminal_ShowsTheLiveDisplay()
    {
        var exit = await _cli.RunAsync(true, "run");

        Assert.Equal(0, exit);
        Assert.Contains("API calls", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadFlags_ExitsTwoNamesEveryProblemAndWritesNothing()
    {
        var exit = await _cli.RunAsync("run", "--since", "2026-13-01", "--as-of", "2030-01-01", "--select", "A,Q", "--max-pages", "x", "--markets", "1234,07030", "--concurrency", "0");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--concurrency", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.DataDir));
        Assert.Empty(_cli.Out.ToString());
    }

    [Fact]
    public async Task Run_BadRequestFlags_ExitsTwoWithEachFieldNamed()
    {
        var exit = await _cli.RunAsync("run", "--since", "2026-13-01", "--as-of", "2030-01-01", "--select", "A,Q", "--markets", "1234,07030");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--since (soldSince)", error, StringComparison.Ordinal);
        Assert.Contains("--as-of (asOf)", error, StringComparison.Ordinal);
        Assert.Contains("--select (selectedTiers[1])", error, StringComparison.Ordinal);
        Assert.Contains("--markets (markets[0])", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }

    [Fact]
    public async Task Run_BadTierAndRosterFiles_ExitsTwoNamingTheFiles()
    {
        var tiers = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "tiers.json");
        await File.WriteAllTextAsync(tiers, """[{"name":"A","minVolume":100},{"name":"B","minVolume":500,"colour":1}]""");
        var roster = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "roster.txt");
        await File.WriteAllTextAsync(roster, "advertiser_id\n1000001\nbob\n");

        var exit = await _cli.RunAsync("run", "--tiers", tiers, "--roster", roster);

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("line 3", error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(roster, "1000001\n");
        exit = await _cli.RunAsync("run", "--tiers", tiers, "--roster", roster);
        error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("tiers[1].colour", error, StringComparison.Ordinal);
        Assert.Contains("tiers[1]): tiers must be strictly descending", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RosterFile_GradesExactlyThoseAgents()
    {
        var roster = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "roster.csv");
        await File.WriteAllTextAsync(roster, "advertiser_id,name\n1000001,x\n1000002,y\n# comment\n1000001,dup\n");

        var exit = await _cli.RunAsync("run", "--json", "--roster", roster);

        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal(0, exit);
        Assert.Equal(2, record.Counters.AgentsDone);
        Assert.Null(record.Request.Markets);
    }

    [Fact]
    public async Task Run_ResumeUnknownRun_ExitsTwo()
    {
        var exit = await _cli.RunAsync("run", "--resume", "20990101T000000Z-000000");

        Assert.Equal(2, exit);
        Assert.Contains("no run", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regrade_NoFlags_ReproducesTheExportsWithZeroCalls()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json"));
        var original = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;

        var exit = await _cli.RunAsync("regrade", original.RunId, "--json");

        var regrade = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal(0, exit);
        Assert.Equal(0, regrade.Counters.ApiCalls);
        foreach (var name in new[] { "graded.csv", "graded.xlsx", "summary.json" })
        {
            Assert.Equal(
                await File.ReadAllBytesAsync(Path.Combine(_cli.DataDir, "runs", original.RunId, "exports", name)),
                await File.ReadAllBytesAsync(Path.Combine(_cli.DataDir, "runs", regrade.RunId, "exports", name)));
        }
    }

    [Fact]
    public async Task Regrade_WiderWindow_ListsAgentsWithoutRawDataAndExitsPartial()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json"));
        var original = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;

        var exit = await _cli.RunAsync("regrade", original.RunId, "--since", "2024-06-01");

        Assert.Equal(3, exit);
        Assert.Contains("lack raw data", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsListAndShow_AfterARun_ShowTheRecord()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json"));
        var original = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;

        Assert.Equal(0, await _cli.RunAsync("runs", "list"));
        Assert.Contains(original.RunId, _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _cli.RunAsync("runs", "show", original.RunId));
        Assert.Contains("SUCCEEDED", _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await _cli.RunAsync("runs", "show", "20990101T000000Z-000000"));
    }
}
