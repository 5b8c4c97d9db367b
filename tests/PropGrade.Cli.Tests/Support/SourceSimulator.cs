using System.Diagnostics;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;
using PropGrade.Local.Tests.Integration;
using PropGrade.Simulator;

namespace PropGrade.Cli.Tests.Support;

/// <summary>
/// A standalone simulator process-alike on its own port (what <c>--api-base</c> points at), with the request log on and
/// a little latency so that a run lasts long enough to be interrupted; plus the checks every resume test makes.
/// </summary>
internal sealed class SourceSimulator : IAsyncDisposable
{
    public const string KeyVariable = "PG_SIG_TEST_KEY";
    public static readonly DateOnly Today = new(2026, 11, 23);

    private SourceSimulator(SimulatorHost host) => Host = host;

    public SimulatorHost Host { get; }

    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>The flags that point a run at this simulator (fast client rate, the key from the environment).</summary>
    public string[] ApiFlags => ApiFlagsAt(5000);

    /// <summary>
    /// The same flags at a client rate of <paramref name="requestsPerSecond"/>: a run to be interrupted is paced so that it
    /// is still grading when the signal arrives, however fast the machine is.
    /// </summary>
    public string[] ApiFlagsAt(int requestsPerSecond) =>
        ["--api-base", BaseAddress.AbsoluteUri, "--api-key-env", KeyVariable, "--rate", requestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <param name="agents">The world's size.</param>
    /// <param name="latency">Fixed latency per request (default 10 ms; a long one keeps a client waiting on its call).</param>
    public static async Task<SourceSimulator> StartAsync(int agents = 400, TimeSpan? latency = null)
    {
        var options = new SimulatorOptions { Agents = agents, Today = Today, Latency = latency ?? TimeSpan.FromMilliseconds(10) };
        Environment.SetEnvironmentVariable(KeyVariable, options.ApiKey);
        return new SourceSimulator(await SimulatorHost.StartAsync(options));
    }

    public Task<long> RequestsAsync() => SimOracle.TotalRequestsAsync(BaseAddress);

    /// <summary>Polls the simulator until it has served at least <paramref name="count"/> requests (a run in progress).</summary>
    public async Task WaitForRequestsAsync(long count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await RequestsAsync() < count)
        {
            Assert.True(clock.Elapsed < timeout, $"the run made fewer than {count} calls in {timeout}");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The run finished with every call made once (no path+query twice in the simulator's log), the agents' calls equal to
    /// the oracle's minimum, and the record's call count equal to the calls served.
    /// </summary>
    /// <returns>The run's final status (what the oracle says: PARTIAL when some agents cannot be completed, e.g. depth cap).</returns>
    public async Task<RunStatus> AssertCompletedWithOracleMinimumAsync(string dataDir, string runId)
    {
        var record = await new SqliteRunStore(dataDir).GetAsync(runId, default);
        Assert.NotNull(record);
        var requests = await SimOracle.RequestsAsync(BaseAddress);
        var repeated = requests.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(repeated.Count == 0, $"{repeated.Count} calls made twice, e.g. {string.Join(", ", repeated.Take(3))}");
        var truth = await SimOracle.TruthAsync(BaseAddress, GradingPlan.From(record.Request, record.ApiToday ?? Today));
        Assert.Equal(truth.Count, record.Counters.AgentsDone);
        var agentCalls = requests.Count(r => !r.StartsWith("/agents/list", StringComparison.Ordinal));
        Assert.Equal(truth.Values.Sum(t => t.MinCalls), agentCalls);
        Assert.Equal(requests.Count, record.Counters.ApiCalls);
        Assert.Equal(truth.Values.Any(t => !t.Complete) ? RunStatus.Partial : RunStatus.Succeeded, record.Status);
        Assert.Equal(truth.Values.Count(t => !t.Complete), record.Counters.AgentsIncomplete);
        return record.Status;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
