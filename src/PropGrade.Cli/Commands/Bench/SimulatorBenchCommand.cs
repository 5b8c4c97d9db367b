using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PropGrade.Cli.Commands.Bench;

/// <summary>
/// <c>propgrade bench simulator [--agents 100000] [--seconds 10] [--connections 32] [--gen0-mb N]</c>: starts the simulator as a
/// separate process (this executable with <c>simulate</c>), drives crawler-shaped load over loopback (faults off,
/// zero latency; the calls of listing-API contract revision 2) and prints requests/s against the 5,000 req/s target
/// and the simulator's resident memory (VmRSS / VmHWM from /proc) against the 200 MB target.
/// </summary>
internal static class SimulatorBenchCommand
{
    private const double TargetRequestsPerSecond = 5000;
    private const double TargetMegabytes = 200;
    private const string Key = "bench-key";
    private const string HostHeader = "realty-in-us.p.rapidapi.com";
    private static long s_pageCursor;

    public static Command Create()
    {
        var agents = new Option<int>("--agents") { Description = "Agents in the simulated world", DefaultValueFactory = _ => 100_000 };
        var seconds = new Option<int>("--seconds") { Description = "Measured load duration", DefaultValueFactory = _ => 10 };
        var connections = new Option<int>("--connections") { Description = "Concurrent connections", DefaultValueFactory = _ => 32 };
        var gen0 = new Option<int>("--gen0-mb")
        {
            Description = "Cap the simulator's GC gen0 budget (DOTNET_GCgen0size) at N MB; 0 = the runtime's default, which .NET sizes from the L3 cache",
            DefaultValueFactory = _ => 0,
        };
        var command = new Command("simulator", "Requests/s and resident memory of the listing-API simulator.") { agents, seconds, connections, gen0 };
        command.SetAction(async (parse, ct) =>
        {
            var a = parse.GetValue(agents);
            var s = parse.GetValue(seconds);
            var c = parse.GetValue(connections);
            var g = parse.GetValue(gen0);
            if (a is < 1 or > 1_000_000 || s is < 1 or > 600 || c is < 1 or > 1024 || g is < 0 or > 4096)
            {
                await Console.Error.WriteLineAsync("propgrade bench simulator: --agents 1..1000000, --seconds 1..600, --connections 1..1024, --gen0-mb 0..4096");
                return 2;
            }

            return await RunAsync(a, s, c, g, Console.Out, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(int agents, int seconds, int connections, int gen0Megabytes, TextWriter output, CancellationToken ct)
    {
        using var server = StartSimulatorProcess(agents, gen0Megabytes);
        try
        {
            var baseAddress = await ReadBaseAddressAsync(server, ct);
            await output.WriteLineAsync($"simulator: pid {server.Id}, {baseAddress}, {agents:N0} agents, faults none, latency 0");
            await output.WriteLineAsync(gen0Megabytes > 0
                ? $"GC:        gen0 budget capped at {gen0Megabytes} MB (DOTNET_GCgen0size); L3 cache {L3Cache()}"
                : $"GC:        runtime default (workstation, gen0 budget sized from the L3 cache: {L3Cache()}); --gen0-mb N caps it");
            using var http = new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = connections,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Add("X-RapidAPI-Key", Key);
            http.DefaultRequestHeaders.Add("X-RapidAPI-Host", HostHeader);

            var markets = await MarketsAsync(http, ct);
            await output.WriteLineAsync($"warm-up 3 s, then {seconds} s of load over {connections} connections (crawler-shaped, revision 2: /agents/list pages with types=agent, then each agent's forSale p1 and forSold p1-2; every 20th agent also get-profile as a roster agent)");
            await LoadAsync(http, agents, markets, connections, TimeSpan.FromSeconds(3), ct);
            var cpuBefore = CpuSeconds(server.Id);
            var (requests, failures, elapsed) = await LoadAsync(http, agents, markets, connections, TimeSpan.FromSeconds(seconds), ct);
            var cpuUsed = CpuSeconds(server.Id) - cpuBefore;
            var (rssKb, hwmKb) = ReadMemory(server.Id);
            var serverTotal = await ServerTotalAsync(http, ct);

            var rate = requests / elapsed.TotalSeconds;
            var rssMb = rssKb / 1024.0;
            var hwmMb = hwmKb / 1024.0;
            var inv = CultureInfo.InvariantCulture;
            await output.WriteLineAsync(string.Create(inv, $"requests:        {requests:N0} ({failures:N0} not 200), server counted {serverTotal:N0} incl. warm-up"));
            await output.WriteLineAsync(string.Create(inv, $"seconds:         {elapsed.TotalSeconds:0.00}"));
            await output.WriteLineAsync(string.Create(inv, $"requests/s:      {rate:N0}  (target >= {TargetRequestsPerSecond:N0}: {(rate >= TargetRequestsPerSecond ? "MET" : "NOT MET")})"));
            if (cpuUsed > 0 && requests > 0)
            {
                var micros = cpuUsed * 1e6 / requests;
                await output.WriteLineAsync(string.Create(inv, $"simulator CPU:   {cpuUsed:0.00} s for the measured requests = {micros:0} us per request (about {1e6 / micros:N0} req/s per fully available core)"));
            }

            await output.WriteLineAsync(string.Create(inv, $"simulator RSS:   VmRSS {rssMb:0.0} MB, VmHWM {hwmMb:0.0} MB  (target <= {TargetMegabytes:0} MB with 100,000 agents: {(hwmMb <= TargetMegabytes ? "MET" : "NOT MET")})"));
            await output.WriteLineAsync($"machine:         {Environment.ProcessorCount} cores shared by the load generator and the simulator; load average {BenchMachine.LoadAverage()}");
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static Process StartSimulatorProcess(int agents, int gen0Megabytes)
    {
        var info = PropGradeProcess.StartInfo(["simulate", "--port", "0", "--agents", agents.ToString(CultureInfo.InvariantCulture), "--api-key", Key]);

        // Fully optimised code from the first request: a short warm-up on a busy machine would otherwise measure
        // tier-0 code (a long-running simulator gets there by itself).
        info.Environment["DOTNET_TieredCompilation"] = "0";
        if (gen0Megabytes > 0)
        {
            info.Environment["DOTNET_GCgen0size"] = (gen0Megabytes * 1024L * 1024L).ToString("x", CultureInfo.InvariantCulture);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the simulator process.");
    }

    /// <summary>Reads a <c>propgrade simulate</c> child's base URL from its first lines, then keeps draining its output.</summary>
    internal static async Task<Uri> ReadBaseAddressAsync(Process server, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith(SimulateCommand.ListeningPrefix, StringComparison.Ordinal))
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = server.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = server.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(line[SimulateCommand.ListeningPrefix.Length..].Trim());
            }
        }

        throw new InvalidOperationException("The simulator exited before listening: " + await server.StandardError.ReadToEndAsync(ct));
    }

    private static async Task<string[]> MarketsAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("__sim/markets", ct));
        return [.. doc.RootElement.GetProperty("markets").EnumerateArray().Select(m => m.GetProperty("postal_code").GetString()!)];
    }

    private static async Task<long> ServerTotalAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("__sim/stats", ct));
        return doc.RootElement.GetProperty("total").GetInt64();
    }

    /// <summary>
    /// Crawler-shaped load, the way a grading run reads the API (contract revision 2): workers take the next
    /// <c>/agents/list</c> page (markets in turn, 20 agents a page, <c>types=agent</c>), then read each listed agent's
    /// active page 1 and sold pages 1-2 with its primary (else first) MLS entry; every 20th agent's profile is read too,
    /// as for a roster agent. Agents without an MLS entry get no listing call.
    /// </summary>
    private static async Task<(long Requests, long Failures, TimeSpan Elapsed)> LoadAsync(
        HttpClient http, int agents, string[] markets, int workers, TimeSpan duration, CancellationToken ct)
    {
        long requests = 0, failures = 0;
        var nextPage = Interlocked.Add(ref s_pageCursor, 1000);
        var clock = Stopwatch.StartNew();

        async Task<JsonElement?> GetAsync(string url, bool parse = false)
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
            Interlocked.Increment(ref requests);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref failures);
                return null;
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (!parse)
            {
                return default(JsonElement);
            }

            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }

        var pagesPerMarket = Math.Max(1, agents / markets.Length / 20);
        var tasks = Enumerable.Range(0, workers).Select(async _ =>
        {
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var page = Interlocked.Increment(ref nextPage);
                // Market by market, as discovery does: consecutive pages belong to the same market.
                var market = markets[(int)(page / pagesPerMarket % markets.Length)];
                var offset = 20 * (int)(page % pagesPerMarket);
                if (await GetAsync($"agents/list?postal_code={market}&offset={offset}&limit=20&sort=recently_sold_high&types=agent", parse: true) is not { } list)
                {
                    continue;
                }

                var position = 0;
                foreach (var agent in list.GetProperty("agents").EnumerateArray())
                {
                    if (clock.Elapsed >= duration)
                    {
                        break;
                    }

                    var advertiser = agent.GetProperty("advertiser_id").GetInt64();
                    if (position++ == 0)
                    {
                        await GetAsync($"agents/get-profile?advertiser_id={advertiser}&nrds_id={agent.GetProperty("nrds_id").GetString()}");
                    }

                    var mls = agent.GetProperty("mls").EnumerateArray().ToList();
                    if (mls.Count == 0)
                    {
                        continue;
                    }

                    var entry = mls.FirstOrDefault(m => m.GetProperty("primary").GetBoolean(), mls[0]);
                    var ids = $"fulfillment_id={advertiser}&id={Uri.EscapeDataString(entry.GetProperty("abbreviation").GetString()!)}&agent_id={Uri.EscapeDataString(entry.GetProperty("member").GetProperty("id").GetString()!)}";
                    await GetAsync($"agents/get-listings?{ids}&type=forSale&page=1");
                    var sold = await GetAsync($"agents/get-listings?{ids}&type=forSold&page=1", parse: true);
                    if (sold is { } s && s.GetProperty("data").GetProperty("forSold").GetProperty("total").GetInt32() > 10)
                    {
                        await GetAsync($"agents/get-listings?{ids}&type=forSold&page=2");
                    }
                }
            }
        });
        await Task.WhenAll(tasks);
        return (requests, failures, clock.Elapsed);
    }

    private static (long RssKb, long HwmKb) ReadMemory(int pid)
    {
        var path = $"/proc/{pid}/status";
        return File.Exists(path) && ChildMemoryWatch.Parse(File.ReadLines(path)) is { } memory ? (memory.Rss / 1024, memory.Hwm / 1024) : (0, 0);
    }

    /// <summary>utime + stime of a process in seconds, from /proc/PID/stat (0 where /proc is missing).</summary>
    private static double CpuSeconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return 0;
        }

        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    private static string L3Cache()
    {
        const string Path = "/sys/devices/system/cpu/cpu0/cache/index3/size";
        return File.Exists(Path) ? File.ReadAllText(Path).Trim() : "unknown";
    }
}
