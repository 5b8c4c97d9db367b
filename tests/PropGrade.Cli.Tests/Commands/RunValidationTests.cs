using System.Text;
using System.Text.Json;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Tests.Commands;

/// <summary>
/// Bad input to <c>run</c> (issue 12, defect 7): exit 2 naming the problem, nothing run and nothing written; never exit 1
/// or a stack trace. Tier files that are not readable text say where.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunValidationTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string TempFile(string name) => Path.Combine(Path.GetDirectoryName(_cli.DataDir)!, name);

    private void AssertNothingRun(int exit)
    {
        Assert.True(exit == 2, $"exit {exit}: {_cli.Error}");
        Assert.DoesNotContain("   at ", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_cli.DataDir, "propgrade.db")), "a runs database was written");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1999-12-31")]
    public async Task Run_AsOfBefore2000_ExitsTwoNamingTheFlag(string asOf)
    {
        var exit = await _cli.RunAsync("run", "--as-of", asOf);

        AssertNothingRun(exit);
        Assert.Contains($"--as-of (asOf): asOf {asOf} must not be before 2000-01-01.", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SinceYearOneWithAsOfYearOne_ExitsTwo()
    {
        var exit = await _cli.RunAsync("run", "--since", "0001-01-01", "--as-of", "0001-01-01");

        AssertNothingRun(exit);
    }

    [Fact]
    public async Task Run_TierNamedUnrankedAndTooManyTiers_ExitsTwoNamingBoth()
    {
        var tiers = TempFile("tiers.json");
        var list = Enumerable.Range(0, 11).Select(i => $$"""{"name":"{{(i == 3 ? "unranked" : "T" + i)}}","minVolume":{{1000 - i}}}""");
        await File.WriteAllTextAsync(tiers, "[" + string.Join(",", list) + "]");

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        var error = _cli.Error.ToString();
        Assert.Contains("--tiers (tiers): at most 10 tiers (the request has 11).", error, StringComparison.Ordinal);
        Assert.Contains("--tiers (tiers[3].name): tier unranked: the name 'unranked' is reserved", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TierNameWithControlCharacters_NeverEchoesThemToTheTerminal()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, """[{"name":"A\u001b[2J\u0007","minVolume":1000}]""");

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        var error = _cli.Error.ToString();
        Assert.Contains("--tiers (tiers[0].name): tier 1: the name must not hold a control character (U+001B at character 2)", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error);
        Assert.DoesNotContain('\u0007', error);
    }

    [Fact]
    public async Task Run_TiersFileWithALoneSurrogate_ExitsTwoNamingTheFieldAndLine()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, "[\n  {\"name\": \"A\", \"minVolume\": 1000},\n  {\"name\": \"B\\ud800\", \"minVolume\": 10}\n]");

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        var error = _cli.Error.ToString();
        Assert.Contains("$[1].name holds a lone UTF-16 surrogate", error, StringComparison.Ordinal);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TiersFileNotUtf8_ExitsTwoSayingWhere()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllBytesAsync(tiers, Encoding.Latin1.GetBytes("[\n{\"name\":\"Élite\",\"minVolume\":1000}]"));

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        Assert.Contains("is not UTF-8 (byte 0xC9 at line 2, column 10)", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TiersFileInUtf16_ExitsTwoSayingSo()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, """[{"name":"A","minVolume":1000}]""", Encoding.Unicode);

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        Assert.Contains("UTF-16, not UTF-8", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TiersFileMalformed_ExitsTwoWithLineAndColumn()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, "[\n  {\"name\": \"A\", \"minVolume\": 1000,}\n]");

        var exit = await _cli.RunAsync("run", "--tiers", tiers);

        AssertNothingRun(exit);
        Assert.Contains("not valid JSON at line 2, column", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TiersFileWithByteOrderMark_IsRead()
    {
        var tiers = TempFile("tiers.json");
        await File.WriteAllTextAsync(tiers, """[{"name":"Élite","minVolume":1000}]""", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var exit = await _cli.RunAsync("run", "--tiers", tiers, "--max-pages", "0");

        Assert.Equal(2, exit);
        Assert.Contains("--max-pages (maxPages)", _cli.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("--tiers", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RosterFileNotUtf8_ExitsTwoNamingTheLine()
    {
        var roster = TempFile("roster.csv");
        await File.WriteAllBytesAsync(roster, [.. "advertiser_id,nrds_id\n1000001,512004417\n1000002,5120"u8, 0xFF, .. "\n"u8]);

        var exit = await _cli.RunAsync("run", "--roster", roster);

        AssertNothingRun(exit);
        Assert.Contains("is not UTF-8 text (line 3)", _cli.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ManyCopiesOfOneMarket_GradesItOnce()
    {
        var first = await _cli.RunAsync("run", "--json", "--max-pages", "1");
        Assert.Contains(first, new[] { 0, 3 });
        var zip = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!.Request.Markets![0];

        var exit = await _cli.RunAsync("run", "--json", "--max-pages", "1", "--markets", string.Join(",", Enumerable.Repeat(zip, 10_000)));

        Assert.Contains(exit, new[] { 0, 3 });
        var record = JsonSerializer.Deserialize(_cli.Out.ToString(), CoreJsonContext.Default.RunRecord)!;
        Assert.Equal([zip], record.Request.Markets!);
    }
}
