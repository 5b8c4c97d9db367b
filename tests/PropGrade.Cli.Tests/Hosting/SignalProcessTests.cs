using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PropGrade.Cli.Commands;
using PropGrade.Cli.Output;
using PropGrade.Cli.Tests.Support;
using PropGrade.Core.Runs;
using PropGrade.Local.Runs;

namespace PropGrade.Cli.Tests.Hosting;

/// <summary>
/// Issue 12, defect 2, on a real child process: SIGINT / SIGTERM stop <c>propgrade run</c> and <c>propgrade serve</c>
/// within 10 s, the run left RUNNING and resumable (the hint printed), exit 130 / 143; the resume completes with every
/// call made once and the oracle's minimum of calls.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SignalProcessTests : IDisposable
{
    private static readonly TimeSpan StopPromise = TimeSpan.FromSeconds(10);

    /// <summary>The client rate of the process that gets the signal.</summary>
    private const int InterruptedRate = 50;
    private readonly string _root = Directory.CreateTempSubdirectory("pg-signal-").FullName;

    private string DataDir => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("INT", ExitCodes.Interrupted)]
    [InlineData("TERM", ExitCodes.Terminated)]
    public async Task Run_Signal_StopsWithin10sPrintsResumeHintThenResumeCompletesWithNoCallRepeated(string signal, int expectedExit)
    {
        await using var sim = await SourceSimulator.StartAsync();
        // ~330 calls at 50 req/s: about 6.6 s of grading; the signal comes after 150 of them (a 2 s run at full speed
        // could finish before the signal arrived).
        using var child = CliProcess.Start(["run", .. sim.ApiFlagsAt(InterruptedRate), "--data-dir", DataDir]);
        await sim.WaitForRequestsAsync(150, TimeSpan.FromSeconds(90));

        var clock = Stopwatch.StartNew();
        child.Signal(signal);
        var exit = await child.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var stopped = clock.Elapsed;

        Assert.True(stopped < StopPromise, $"stopped in {stopped.TotalSeconds:F1} s");
        Assert.True(expectedExit == exit, $"exit {exit}; stderr: {child.Error}");
        var hint = child.Error.Split('\n').Single(l => l.StartsWith(RunCommand.ResumeHintPrefix, StringComparison.Ordinal)).Trim();
        var runId = hint.Split(' ')[6];
        Assert.Equal($"{RunCommand.ResumeHintPrefix}propgrade run --resume {runId} --data-dir \"{DataDir}\" --api-base {sim.BaseAddress.AbsoluteUri} --api-key-env {SourceSimulator.KeyVariable}", hint);
        var left = (await new SqliteRunStore(DataDir).GetAsync(runId, default))!;
        Assert.Equal(RunStatus.Running, left.Status);
        Assert.InRange(left.Counters.AgentsDone, 1, left.Counters.AgentsDiscovered - 1);
        Console.WriteLine($"propgrade run: SIG{signal} → exit {exit} in {stopped.TotalMilliseconds:F0} ms, {left.Counters.AgentsDone}/{left.Counters.AgentsDiscovered} agents saved");

        var resumed = await CliApp.InvokeAsync(["run", "--resume", runId, .. sim.ApiFlags, "--data-dir", DataDir], new CliContext(new StringWriter(), new StringWriter(), null));

        Assert.Equal(ExitCodes.For(await sim.AssertCompletedWithOracleMinimumAsync(DataDir, runId)), resumed);
    }

    [Fact]
    public async Task Serve_SigTerm_RefusesNewRunsStopsWithin10sAndTheRunResumesWithNoCallRepeated()
    {
        await using var sim = await SourceSimulator.StartAsync();
        using var child = CliProcess.Start(["serve", "--port", "0", .. sim.ApiFlagsAt(InterruptedRate), "--data-dir", DataDir]);
        var url = new Uri((await child.WaitForLineAsync(ServeCommand.ServingPrefix, TimeSpan.FromSeconds(60))).Trim());
        var token = (await child.WaitForLineAsync(ServeCommand.TokenPrefix, TimeSpan.FromSeconds(10))).Trim();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var post = await http.PostAsync("runs", Body());
        Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        var runId = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        await sim.WaitForRequestsAsync(200, TimeSpan.FromSeconds(90));

        var clock = Stopwatch.StartNew();
        child.Signal("TERM");
        var answers = new List<string>();
        var exiting = child.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // The signal reaches the child asynchronously: once it says it is stopping, no POST may start a run.
        await Task.WhenAny(child.WaitForLineAsync(ServeCommand.StoppingLine, TimeSpan.FromSeconds(10)), exiting);
        while (!exiting.IsCompleted)
        {
            try
            {
                using var late = await http.PostAsync("runs", Body());
                answers.Add(((int)late.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException)
            {
                answers.Add("refused");
                break;
            }
        }

        var exit = await exiting;
        var stopped = clock.Elapsed;

        Assert.True(stopped < StopPromise, $"stopped in {stopped.TotalSeconds:F1} s");
        Assert.True(ExitCodes.Terminated == exit, $"exit {exit}; stdout: {child.Out} stderr: {child.Error}");
        Assert.Contains(ServeCommand.StoppingLine, child.Out, StringComparison.Ordinal);
        Assert.All(answers, a => Assert.Contains(a, new[] { "503", "refused" }));
        var runs = await new SqliteRunStore(DataDir).ListAsync(10, default);
        var left = Assert.Single(runs);
        Assert.Equal(RunStatus.Running, left.Status);
        Assert.InRange(left.Counters.AgentsDone, 1, left.Counters.AgentsDiscovered - 1);
        Console.WriteLine($"propgrade serve: SIGTERM → exit {exit} in {stopped.TotalMilliseconds:F0} ms; POSTs after the signal: {string.Join(",", answers)}");

        var resumed = await CliApp.InvokeAsync(["run", "--resume", runId, .. sim.ApiFlags, "--data-dir", DataDir], new CliContext(new StringWriter(), new StringWriter(), null));

        Assert.Equal(ExitCodes.For(await sim.AssertCompletedWithOracleMinimumAsync(DataDir, runId)), resumed);
    }

    private static StringContent Body() => new("{}", Encoding.UTF8, "application/json");
}
