using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Simulator;

namespace PropGrade.Cli.Tests.Commands;

/// <summary><c>propgrade probe</c> in-process: the embedded simulator (2,000 agents), a standalone one, and bad flags.</summary>
[Trait("Category", "Integration")]
public sealed class ProbeCommandTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _root = Directory.CreateTempSubdirectory("pg-cli-probe-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string DataDir => Path.Combine(_root, "data");

    private StringWriter Out { get; set; } = new();

    private StringWriter Error { get; set; } = new();

    private async Task<int> ProbeAsync(IReadOnlyList<string>? drift, params string[] args)
    {
        Out = new StringWriter();
        Error = new StringWriter();
        var context = new CliContext(Out, Error, terminal: null)
        {
            ConfigureEngine = o => o.Simulator = new SimulatorOptions { Agents = 2_000, Today = Today, RequestLogCapacity = 0, Drift = drift ?? [] },
        };
        return await CliApp.InvokeAsync(["probe", .. args, "--data-dir", DataDir], context);
    }

    [Fact]
    public async Task Probe_EmbeddedSimulator_PrintsTheBudgetFirstPassesAndKeepsTheSamples()
    {
        var exit = await ProbeAsync(null);

        var lines = Out.ToString().Split('\n');
        Assert.Equal(0, exit);
        var budget = Array.FindIndex(lines, l => l.StartsWith("probe will make at most 8 calls:", StringComparison.Ordinal));
        var firstCall = Array.FindIndex(lines, l => l.Contains("/agents/list?postal_code=10011&offset=0", StringComparison.Ordinal));
        Assert.InRange(budget, 0, firstCall - 1);
        Assert.Contains(lines, l => l.StartsWith("PASS: everything the grader needs maps", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Spent: 8 requests (budget: at most 10)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("offset paging: works", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/agents/v2/list", StringComparison.Ordinal) && l.Contains("not available", StringComparison.Ordinal));
        var samples = Assert.Single(Directory.GetDirectories(Path.Combine(DataDir, "probes")));
        Assert.Equal(9, Directory.GetFiles(samples).Length);
        Assert.True(File.Exists(Path.Combine(samples, "report.json")));
        Assert.True(File.Exists(Path.Combine(samples, "04-agents-get-listings-forSold-1000133-p1.json")));
    }

    [Fact]
    public async Task Probe_Json_PrintsTheReportAsOneDocumentAndTheBudgetOnStderr()
    {
        var exit = await ProbeAsync(null, "--json", "--agents", "2");

        using var report = JsonDocument.Parse(Out.ToString());
        Assert.Equal(0, exit);
        Assert.Equal(10, report.RootElement.GetProperty("budget").GetProperty("calls").GetInt32());
        Assert.Equal(10, report.RootElement.GetProperty("requestsSent").GetInt32());
        Assert.Empty(report.RootElement.GetProperty("failures").EnumerateArray());
        Assert.StartsWith("propgrade probe: the embedded simulator", Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("probe will make at most 10 calls", Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_DriftedApi_ExitsOneNamingTheField()
    {
        var exit = await ProbeAsync([DriftNames.SoldPriceRenamed]);

        Assert.Equal(1, exit);
        Assert.Contains(
            "FAIL: 1 problem above; the first: get-listings forSold: data.forSold.results[0].description.sold_price missing (sold listings): is the field renamed? saw description.last_sold_price",
            Out.ToString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ApiBase_UsesTheKeyFromTheEnvironmentAndStaysWithinEightCalls()
    {
        var variable = "PG_PROBE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var key = "cli-" + Guid.NewGuid().ToString("N");
        await using var sim = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 2_000, Today = Today, ApiKey = key, RequestLogCapacity = 0 });
        Environment.SetEnvironmentVariable(variable, key);
        try
        {
            var exit = await ProbeAsync(null, "--api-base", sim.BaseAddress.AbsoluteUri.TrimEnd('/'), "--api-key-env", variable, "--market", "10011");

            Assert.Equal(0, exit);
            using var http = new HttpClient();
            using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri(sim.BaseAddress, "__sim/stats")));
            Assert.Equal(8, stats.RootElement.GetProperty("total").GetInt64());
            Assert.Contains("today 2026-11-23", Out.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(key, Out.ToString() + Error.ToString(), StringComparison.Ordinal);
            foreach (var file in Directory.GetFiles(DataDir, "*", SearchOption.AllDirectories))
            {
                Assert.DoesNotContain(key, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Probe_BadFlags_ExitsTwoNamingEveryFlagAndWritesNothing()
    {
        var exit = await ProbeAsync(
            null,
            "--api-base", "ftp://example.com", "--api-key-env", " ", "--market", "1234", "--agents", "0", "--audit-bound", "many");

        var error = Error.ToString();
        Assert.Equal(2, exit);
        Assert.Contains("--api-base: 'ftp://example.com' is not an http(s) URL.", error, StringComparison.Ordinal);
        Assert.Contains("--api-key-env: give the name of an environment variable.", error, StringComparison.Ordinal);
        Assert.Contains("--market: '1234' is not a 5-digit ZIP code.", error, StringComparison.Ordinal);
        Assert.Contains("--agents: '0' must be a whole number 1..20.", error, StringComparison.Ordinal);
        Assert.Contains("--audit-bound: 'many' must be a whole number 0..100.", error, StringComparison.Ordinal);
        Assert.Empty(Out.ToString());
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Probe_ApiBaseWithoutTheKeyVariable_ExitsTwoAndWritesNothing()
    {
        var variable = "PG_PROBE_UNSET_" + Guid.NewGuid().ToString("N");

        var exit = await ProbeAsync(null, "--api-base", "https://realty-in-us.p.rapidapi.com", "--api-key-env", variable);

        Assert.Equal(2, exit);
        Assert.Contains($"--api-key-env: the environment variable {variable} holding the API key is not set.", Error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir));
    }

    [Fact]
    public async Task Probe_UnknownFlag_ExitsTwo()
    {
        var exit = await ProbeAsync(null, "--drift", "flat-envelope");

        Assert.Equal(2, exit);
        Assert.Contains("--drift", Error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDir));
    }
}
