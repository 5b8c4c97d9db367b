using System.Text.Json;
using PropGrade.Cli.Commands.Bench;
using PropGrade.Cli.Output;

namespace PropGrade.Cli.Tests.Commands.Bench;

/// <summary>
/// <c>propgrade bench scale</c> at a tiny size (300 agents): three real child processes (simulate, run, regrade); the
/// figures are present and consistent with a fault-free world.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScaleBenchCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg-bench-scale-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task BenchScale_Json_RunAndRegradeFiguresAreConsistentWithTheOracle()
    {
        var (exit, stdout, stderr) = await BenchAsync("--json");

        Assert.True(exit == ExitCodes.Succeeded, $"exit {exit}; stderr: {stderr}");
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(300, root.GetProperty("agents").GetInt32());
        var run = root.GetProperty("run");
        var regrade = root.GetProperty("regrade");
        foreach (var step in new[] { run, regrade })
        {
            Assert.Contains(step.GetProperty("status").GetString(), new[] { "SUCCEEDED", "PARTIAL" });
            Assert.Equal(300, step.GetProperty("agentsDone").GetInt32());
            Assert.True(step.GetProperty("wallSeconds").GetDouble() > 0);
            Assert.True(step.GetProperty("agentsPerSecond").GetDouble() > 0);
            Assert.Equal(step.GetProperty("agentsDone").GetInt32() / step.GetProperty("wallSeconds").GetDouble(), step.GetProperty("agentsPerSecond").GetDouble(), tolerance: 0.5);
            Assert.True(step.GetProperty("diskBytes").GetInt64() > 0);
            Assert.Equal(step.GetProperty("diskBytes").GetInt64() / 300.0, step.GetProperty("diskBytesPerAgent").GetDouble(), tolerance: 0.5);
            if (ChildMemoryWatch.Supported)
            {
                // A .NET process grading 300 agents: well above 10 MB, well below 4 GB.
                Assert.InRange(step.GetProperty("peakRssBytes").GetInt64(), 10L << 20, 4L << 30);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, step.GetProperty("peakRssBytes").ValueKind);
            }
        }

        // Fault-free world: the run's calls are the oracle's minimum, and the record counts what the simulator served.
        Assert.True(run.GetProperty("minCalls").GetInt64() > 0);
        Assert.Equal(run.GetProperty("minCalls").GetInt64(), run.GetProperty("agentCallsServed").GetInt64());
        Assert.Equal(run.GetProperty("discoveryMinCalls").GetInt64(), run.GetProperty("discoveryCallsServed").GetInt64());
        Assert.Equal(run.GetProperty("agentCallsServed").GetInt64() + run.GetProperty("discoveryCallsServed").GetInt64(), run.GetProperty("apiCalls").GetInt64());
        Assert.True(run.GetProperty("callsAtMinimum").GetBoolean());
        // The regrade makes no call, writes more (its exports and replay index) and reproduces the run's exports.
        Assert.Equal(0, regrade.GetProperty("apiCalls").GetInt64());
        Assert.Equal(0, regrade.GetProperty("agentCallsServed").GetInt64() + regrade.GetProperty("discoveryCallsServed").GetInt64());
        Assert.True(regrade.GetProperty("diskBytes").GetInt64() > run.GetProperty("diskBytes").GetInt64());
        Assert.True(regrade.GetProperty("exportsIdentical").GetBoolean());
        // The children's progress was relayed on stderr while they ran.
        Assert.Contains("  run | ", stderr, StringComparison.Ordinal);
        Assert.Contains("  regrade | ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchScale_Text_PrintsEveryFigureForTheRunAndTheRegrade()
    {
        var (exit, stdout, stderr) = await BenchAsync("--data-dir", _root);

        Assert.True(exit == ExitCodes.Succeeded, $"exit {exit}; stderr: {stderr}");
        var lines = stdout.Split('\n');
        Assert.StartsWith("propgrade bench scale: 300 agents, seed 7,", lines[0], StringComparison.Ordinal);
        foreach (var step in new[] { "run", "regrade" })
        {
            var at = Array.FindIndex(lines, l => l.StartsWith(step + ": exit ", StringComparison.Ordinal));
            Assert.True(at > 0, stdout);
            var block = lines[(at + 1)..(at + 6)];
            Assert.StartsWith("  wall time ", block[0], StringComparison.Ordinal);
            Assert.StartsWith("  agents/s ", block[1], StringComparison.Ordinal);
            Assert.StartsWith(ChildMemoryWatch.Supported ? "  peak RSS " : "  peak RSS        n/a", block[2], StringComparison.Ordinal);
            Assert.DoesNotContain(ChildMemoryWatch.Supported ? "n/a" : " MB", block[2], StringComparison.Ordinal);
            Assert.StartsWith("  disk per agent ", block[3], StringComparison.Ordinal);
            Assert.StartsWith("  calls ", block[4], StringComparison.Ordinal);
            Assert.EndsWith(step == "run" ? "at the minimum" : "exports byte-identical to the run's: yes", block[4].TrimEnd(), StringComparison.Ordinal);
            Assert.DoesNotContain("NOT at the minimum", block[4], StringComparison.Ordinal);
        }

        // A given --data-dir is kept, with the run and its regrade in it.
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(_root, "data", "runs")).Length);
    }

    [Fact]
    public async Task BenchScale_BadFlags_ExitsTwoAndStartsNothing()
    {
        var (exit, _, stderr) = await BenchAsync("--agents", "0");

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("--agents must be 1..1000000", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ProcStatus_ReadsRssAndHighWaterMarkInBytes()
    {
        var memory = ChildMemoryWatch.Parse(["Name:\tpropgrade", "VmPeak:\t 3000000 kB", "VmHWM:\t  123456 kB", "VmRSS:\t  100000 kB", "Threads:\t20"]);

        Assert.Equal((100_000L * 1024, 123_456L * 1024), memory);
        Assert.Null(ChildMemoryWatch.Parse(["Name:\tpropgrade", "State:\tZ (zombie)"]));
    }

    private static async Task<(int Exit, string Out, string Error)> BenchAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string[] size = args.Contains("--agents") ? [] : ["--agents", "300"];
        var exit = await CliApp.InvokeAsync(["bench", "scale", .. size, "--seed", "7", .. args], new CliContext(stdout, stderr, null));
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
