using System.Text;
using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Tests.Commands;

/// <summary>
/// Issue 11 item 7: errors echo the bad value and name tiers by name, readable JSON syntax errors, <c>propgrade runs</c>
/// alone lists runs (name, window, markets, tier counts) in 80 columns, one help layout, <c>--name</c> and
/// <c>--rolling-months</c>, and a roster read from an earlier export.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CliPolishTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string TempFile(string name) => Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, name);

    [Fact]
    public async Task Runs_Alone_ListsNameWindowScopeAndTierCountsWithin80Columns()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json", "--name", "Q4 2026 Texas", "--rolling-months", "12"));
        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal("Q4 2026 Texas", record.Request.Name);
        Assert.Equal(12, record.Request.RollingMonths);

        Assert.Equal(0, await _cli.RunAsync("runs"));

        var output = _cli.Out.ToString();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= RunList.Width, $"{l.Length} columns: {l}"));
        Assert.Contains(lines, l => l.StartsWith(record.RunId, StringComparison.Ordinal) && l.Contains("2025-11-23 to 2026-11-23", StringComparison.Ordinal) && l.Contains("market", StringComparison.Ordinal));
        var second = lines[lines.FindIndex(l => l.StartsWith(record.RunId, StringComparison.Ordinal)) + 1];
        Assert.Contains("Q4 2026 Texas", second, StringComparison.Ordinal);
        Assert.Contains("rolling 12 months", second, StringComparison.Ordinal);
        Assert.Contains($"A {record.TierCounts["A"]:N0}", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsShow_NamedRun_PrintsNameWindowAndDownloadNames()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json", "--name", "Q4 Texas"));
        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;

        Assert.Equal(0, await _cli.RunAsync("runs", "show", record.RunId));

        var output = _cli.Out.ToString();
        Assert.Contains("Name: Q4 Texas", output, StringComparison.Ordinal);
        Assert.Contains("Window: 2025-11-23 to 2026-11-23", output, StringComparison.Ordinal);
        Assert.Contains("downloads as propgrade-q4-texas-graded.xlsx", output, StringComparison.Ordinal);
        Assert.Contains("downloads as propgrade-q4-texas-contacts.csv", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RollingMonthsWithAsOf_ExitsTwoNamingBothFlagsAndValues()
    {
        var exit = await _cli.RunAsync("run", "--rolling-months", "12", "--as-of", "2026-01-01");

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--rolling-months (rollingMonths): rollingMonths 12 cannot be given with asOf", error, StringComparison.Ordinal);
        Assert.Contains("--as-of (asOf)", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("121")]
    public async Task Run_RollingMonthsOutOfRange_ExitsTwoEchoingTheValue(string months)
    {
        var exit = await _cli.RunAsync("run", "--rolling-months", months);

        Assert.Equal(2, exit);
        Assert.Contains($"rollingMonths {months} must be between 1 and 120", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NameTooLong_ExitsTwoSayingItsLength()
    {
        var exit = await _cli.RunAsync("run", "--name", new string('x', 81));

        Assert.Equal(2, exit);
        Assert.Contains("--name (name): name 'xxxx", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("is 81 characters long; at most 80.", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NegativeThresholdInATierFile_NamesTheTierByNameAndEchoesTheValue()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, """[{"name":"A","minVolume":1000},{"name":"B","minVolume":-5}]""");

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        Assert.Equal(2, exit);
        Assert.Contains("--tiers (tiers[1].minVolume): tier B: minVolume -5 must be ≥ 0.", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RequestFileWithSyntaxError_SaysLineColumnExpectedAndShowsTheLine()
    {
        var request = TempFile("request.json");
        await File.WriteAllTextAsync(request, "{\n  \"name\": \"Q4\",\n  \"maxPages\": 19,\n}\n");

        var exit = await _cli.RunAsync("run", "--request", request);

        var error = _cli.Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--request: '", error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON at line 4, column 1:", error, StringComparison.Ordinal);
        Assert.Contains("a comma before the closing ']' or '}' is not allowed in JSON", error, StringComparison.Ordinal);
        Assert.Contains("    }" + Environment.NewLine + "    ^", error, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RosterFromAnEarlierGradedCsv_GradesThoseAgents()
    {
        Assert.Equal(0, await _cli.RunAsync("run", "--json", "--select", "A,B"));
        var first = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        var graded = Path.Combine(_cli.DataDir, "runs", first.RunId, "exports", ExportNames.GradedCsv);
        var rows = File.ReadAllLines(graded).Length - 1;
        Assert.True(rows > 0, "the first run exported no tier A or B row");

        var exit = await _cli.RunAsync("run", "--json", "--roster", graded);

        var second = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Contains(exit, new[] { 0, 3 });
        Assert.Equal(rows, second.Request.Roster!.Count);
        Assert.Equal(rows, second.Counters.AgentsDone);
    }

    [Fact]
    public void RosterFile_ContactsCsvWithBomQuotedLineBreaksAndOtherColumnOrder_PicksTheIdColumnsByHeader()
    {
        var path = TempFile("contacts.csv");
        File.WriteAllText(path, "First Name,Last Name,NRDS ID,Advertiser ID\n\"Jo\",\"Smith, Jr\nII\",512004417,1000001\n# a comment\nAnn,Lee,512004418,1000002\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var problems = new List<string>();
        var lines = new List<int>();

        var rows = RosterFile.Read(path, problems, lines)!;

        Assert.Empty(problems);
        Assert.Equal(2, rows.Count);
        Assert.Equal("1000001", (string?)rows[0]!["advertiserId"]);
        Assert.Equal("512004417", (string?)rows[0]!["nrdsId"]);
        Assert.Equal("1000002", (string?)rows[1]!["advertiserId"]);
        Assert.Equal([2, 5], lines);
    }

    [Fact]
    public void RosterFile_PlainLinesWithAMissingNrdsId_NamesTheLine()
    {
        var path = TempFile("roster.csv");
        File.WriteAllText(path, "1000001,512004417\n1000002\n");
        var problems = new List<string>();

        RosterFile.Read(path, problems, []);

        Assert.Equal([$"--roster: line 2 of '{path}': advertiser 1000002 has no NRDS id (each row is advertiser_id,nrds_id; get-profile needs both)."], problems);
    }

    public static TheoryData<string[]> CommandPaths() =>
    [
        [], ["run"], ["regrade"], ["runs"], ["runs", "list"], ["runs", "show"], ["simulate"], ["serve"], ["bench"], ["estimate"], ["probe"],
    ];

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_EveryCommand_HasTheSameLayout(string[] path)
    {
        var help = CliHelp.Render(CliApp.Build(), path);

        var headings = help.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith(' ')).ToList();
        Assert.Equal("Description:", headings[0]);
        Assert.Equal("Usage:", headings[1]);
        var expectedOrder = new[] { "Description:", "Usage:", "Arguments:", "Options:", "Commands:" };
        Assert.Equal(headings, expectedOrder.Where(headings.Contains).ToList());
        Assert.Contains("  propgrade" + string.Concat(path.Select(p => " " + p)), help, StringComparison.Ordinal);
        Assert.Contains("-?, -h, --help", help, StringComparison.Ordinal);
        Assert.DoesNotContain("additional arguments", help, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Help_Run_ShowsPlaceholdersAndDefaults()
    {
        var help = CliHelp.Render(CliApp.Build(), "run");

        Assert.Contains("--tiers <FILE>", help, StringComparison.Ordinal);
        Assert.Contains("--name <NAME>", help, StringComparison.Ordinal);
        Assert.Contains("--rolling-months <N>", help, StringComparison.Ordinal);
        Assert.Contains("[default: 19]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("--include-active <", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ViaTheCommandLine_WritesTheLayoutToTheContextsOutput()
    {
        var exit = await _cli.RunAsync("runs", "show", "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("Description:", _cli.Out.ToString(), StringComparison.Ordinal);
        Assert.Contains("propgrade runs show <RUNID> [options]", _cli.Out.ToString(), StringComparison.Ordinal);
    }
}
