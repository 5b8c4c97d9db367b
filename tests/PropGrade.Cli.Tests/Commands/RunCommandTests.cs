using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Runs;
using PropGrade.Simulator;

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
    public async Task Run_WithIncompleteAgents_SaysWhyByReasonAndTheCountsAddUp()
    {
        // A world where a tenth of the agents list no MLS membership (real data has some): they cannot be read.
        using var cli = new CliHarness { Traits = WorldTraits.Default with { NoMlsRate = 0.1 } };
        var exit = await cli.RunAsync("run");

        var lines = cli.Out.ToString().Split('\n');
        Assert.Equal(3, exit);
        var agents = lines.Single(l => l.StartsWith("Agents: ", StringComparison.Ordinal));
        var incomplete = int.Parse(System.Text.RegularExpressions.Regex.Match(agents, @"([\d,]+) incomplete").Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.True(incomplete > 0);
        var why = lines.Single(l => l.StartsWith("Incomplete: ", StringComparison.Ordinal));
        Assert.Contains("no_mls_id (the API lists no MLS membership", why, StringComparison.Ordinal);
        var counted = System.Text.RegularExpressions.Regex.Matches(why, @"(?:^Incomplete: |; )([\d,]+) [a-z_]+")
            .Sum(m => int.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
        Assert.Equal(incomplete, counted);
    }

    [Fact]
    public async Task Run_Json_PrintsOnlyTheRunRecordOnStdout()
    {
        var exit = await _cli.RunAsync("run", "--json", "--select", "A,B");

        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal(0, exit);
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
        await File.WriteAllTextAsync(roster, "advertiser_id,nrds_id\n1000001,512004417\n1000002\n,5\n");

        var exit = await _cli.RunAsync("run", "--tiers", tiers, "--roster", roster);

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("line 3 of", error, StringComparison.Ordinal);
        Assert.Contains("advertiser 1000002 has no NRDS id", error, StringComparison.Ordinal);
        Assert.Contains("line 4 of", error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(roster, "1000001,512004417\n1000002,bad-id!\n");
        exit = await _cli.RunAsync("run", "--tiers", tiers, "--roster", roster);
        error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("tiers[1].colour", error, StringComparison.Ordinal);
        Assert.Contains("tiers[1]): tier B: tiers must be strictly descending, highest first", error, StringComparison.Ordinal);
        Assert.Contains("--roster (roster[1].nrdsId, line 2 of '", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }

    [Fact]
    public async Task Run_RosterWithoutNrdsColumn_ExitsTwoAndWritesNothing()
    {
        var roster = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "roster.csv");
        await File.WriteAllTextAsync(roster, "advertiser_id,name\n1000001,x\n");

        var exit = await _cli.RunAsync("run", "--roster", roster);

        Assert.Equal(2, exit);
        Assert.Contains("no nrds_id column", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }

    [Fact]
    public async Task Run_UnknownUndisclosedPrice_ExitsTwoNamingTheFlagAndWritesNothing()
    {
        var exit = await _cli.RunAsync("run", "--undisclosed-price", "zero", "--max-pages", "0");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--undisclosed-price (undisclosedPrice): undisclosedPrice \"zero\" must be one of 'listPrice', 'exclude'.", error, StringComparison.Ordinal);
        Assert.Contains("--max-pages (maxPages)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }

    [Fact]
    public async Task Run_UndisclosedPriceExclude_IsTheRunsRequest()
    {
        var exit = await _cli.RunAsync("run", "--json", "--undisclosed-price", "exclude");

        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Contains(exit, new[] { 0, 3 });
        Assert.Equal(UndisclosedPrice.Exclude, record.Request.UndisclosedPrice);
    }

    [Fact]
    public async Task Run_RosterFile_GradesExactlyThoseAgentsWithOneProfileCallEach()
    {
        Assert.Contains(await _cli.RunAsync("run", "--json"), new[] { 0, 3 });
        var first = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        var picked = new List<(string Id, string Nrds)>();
        await using (var engine = new Local.LocalEngine(new Local.LocalEngineOptions { DataDir = _cli.DataDir, RawStoreFactory = _ => null }))
        {
            await foreach (var result in engine.Workspace.ReadResultsAsync(first.RunId, default))
            {
                if (result.Contact?.NrdsId is { } nrds && picked.Count < 2)
                {
                    picked.Add((result.AdvertiserId, nrds));
                }
            }
        }

        var roster = Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, "roster.csv");
        await File.WriteAllTextAsync(roster, $"name,nrds_id,advertiser_id\n\"Doe, J\",{picked[0].Nrds},{picked[0].Id}\n# comment\nx,{picked[1].Nrds},{picked[1].Id}\n");

        var exit = await _cli.RunAsync("run", "--json", "--roster", roster);

        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Contains(exit, new[] { 0, 3 });
        Assert.Equal(2, record.Counters.AgentsDone);
        Assert.Equal(2, record.Counters.AgentsProfiled);
        Assert.Null(record.Request.Markets);
        Assert.Equal([new Core.Listings.RosterEntry(picked[0].Id, picked[0].Nrds), new Core.Listings.RosterEntry(picked[1].Id, picked[1].Nrds)], record.Request.Roster!);
    }

    [Fact]
    public async Task Revision1Runs_ListedAndShownButNeitherRegradedNorResumed()
    {
        Local.Tests.Support.Revision1Database.Create(_cli.DataDir);

        Assert.Equal(0, await _cli.RunAsync("runs", "list"));
        Assert.Contains(Local.Tests.Support.Revision1Database.RosterRun, _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _cli.RunAsync("runs", "show", Local.Tests.Support.Revision1Database.MarketsRun));
        Assert.Contains("listing-API contract revision 1", _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _cli.RunAsync("runs", "show", Local.Tests.Support.Revision1Database.RosterRun, "--json"));
        Assert.Equal(Local.Tests.Support.Revision1Database.RosterRun, JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!.RunId);

        Assert.Equal(2, await _cli.RunAsync("regrade", Local.Tests.Support.Revision1Database.MarketsRun));
        Assert.Contains("cannot be regraded under revision 2", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await _cli.RunAsync("run", "--resume", Local.Tests.Support.Revision1Database.FailedRun));
        Assert.Contains("cannot be resumed", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _cli.RunAsync("runs", "list", "--json"));
        Assert.Equal(3, JsonDocument.Parse(_cli.Out.ToString()).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Run_ResumeWhileAnotherProcessExecutesTheRun_ExitsTwoNamingItAndDoesNothing()
    {
        Assert.Equal(0, await _cli.RunAsync("runs", "list"));
        string runId;
        await using (var engine = new Local.LocalEngine(new Local.LocalEngineOptions
        {
            DataDir = _cli.DataDir,
            Simulator = new Simulator.SimulatorOptions { Agents = 150, Today = CliHarness.Today },
        }))
        {
            runId = await engine.SubmitAsync((await engine.GetDefaultsAsync(default)).CreateDefaultRequest(), RunTrigger.Cli, default);
            // Another `run --resume` (or `serve`) holds the run: its lease is live.
            var other = new LeaseHolder("other-host:4242:1:1", "propgrade on other-host (pid 4242)", runId);
            Assert.True((await engine.Leases.TryAcquireAsync(LeaseNames.Run(runId), other, TimeSpan.FromMinutes(5), TimeProvider.System.GetUtcNow(), default)).Acquired);
        }

        var exit = await _cli.RunAsync("run", "--resume", runId);

        Assert.Equal(2, exit);
        Assert.Contains("propgrade on other-host (pid 4242)", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await _cli.RunAsync("runs", "show", runId, "--json"));
        Assert.Equal(RunStatus.Queued, JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!.Status);
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
