using System.CommandLine;
using System.Globalization;
using PropGrade.Cli.Output;
using PropGrade.Simulator;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade simulate</c>: serves the listing-API simulator on 127.0.0.1 until Ctrl+C. Prints the base URL, the
/// key and host header to use and the world's size. Bad flags: exit 2 with the problem named. Stopped by Ctrl+C or SIGINT:
/// exit 130; by SIGTERM: 143 (as <c>run</c> and <c>serve</c>).
/// </summary>
internal static class SimulateCommand
{
    /// <summary>The first line printed, followed by the base URL (the bench parses it).</summary>
    public const string ListeningPrefix = "Simulator listening on ";

    public static Command Create(CliContext? context = null)
    {
        var port = new Option<string>("--port") { Description = "TCP port on 127.0.0.1 (0 = ephemeral)", DefaultValueFactory = _ => "0" };
        var agents = new Option<string>("--agents") { Description = "Number of agents in the world (1..1000000)", DefaultValueFactory = _ => "5000" };
        var seed = new Option<string>("--seed") { Description = "World seed", DefaultValueFactory = _ => "42" };
        var today = new Option<string?>("--today") { Description = "The API's today, yyyy-MM-dd (default: the UTC date now)" };
        var faults = new Option<string>("--faults") { Description = "Fault profile: none, flaky or hostile", DefaultValueFactory = _ => "none" };
        var rate = new Option<string>("--rate") { Description = "Per-key requests per second (0 = unlimited)", DefaultValueFactory = _ => "0" };
        var quota = new Option<string>("--quota") { Description = "Per-key requests for the period (0 = unlimited)", DefaultValueFactory = _ => "0" };
        var retryAfter = new Option<bool>("--retry-after") { Description = "Send Retry-After on per-second 429s" };
        var latency = new Option<string>("--latency-ms") { Description = "Fixed latency per request, ms", DefaultValueFactory = _ => "0" };
        var jitter = new Option<string>("--jitter-ms") { Description = "Extra latency, uniform in [0, N) ms", DefaultValueFactory = _ => "0" };
        var key = new Option<string>("--api-key") { Description = "The valid API key", DefaultValueFactory = _ => "sim-local-key" };
        var offsetCap = new Option<string?>("--offset-cap") { Description = "Largest /agents/list offset served (past it: 400); default no cap" };
        var drift = new Option<string[]>("--drift")
        {
            Description = "Serve a named departure from the contract (repeatable or comma-separated): " + string.Join(", ", DriftNames.All),
        };

        var command = new Command("simulate", "Serve the listing-API simulator on 127.0.0.1 until Ctrl+C.")
        {
            port, agents, seed, today, faults, rate, quota, retryAfter, latency, jitter, key, offsetCap, drift,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            problems.AddRange(parse.UnmatchedTokens.Select(t => $"unknown argument '{t}'"));

            // A flag that does not parse is named once and keeps its default, so that the range checks below
            // name only the flags that parsed to a bad value.
            var defaults = new SimulatorOptions();
            int IntOr(string? text, string name, int fallback)
            {
                var before = problems.Count;
                var value = HostedCommand.Int(text, name, problems);
                return problems.Count == before ? value : fallback;
            }

            double DoubleOr(string? text, string name, double fallback)
            {
                var before = problems.Count;
                var value = HostedCommand.Double(text, name, problems);
                return problems.Count == before ? value : fallback;
            }

            var driftNames = (parse.GetValue(drift) ?? [])
                .SelectMany(d => d.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
            foreach (var name in driftNames.Where(d => !DriftNames.All.Contains(d, StringComparer.OrdinalIgnoreCase)))
            {
                problems.Add($"--drift: unknown drift '{name}'; expected one of: {string.Join(", ", DriftNames.All)}");
            }

            var options = new SimulatorOptions
            {
                Port = IntOr(parse.GetValue(port), "--port", defaults.Port),
                Agents = IntOr(parse.GetValue(agents), "--agents", defaults.Agents),
                Seed = IntOr(parse.GetValue(seed), "--seed", defaults.Seed),
                RatePerSecond = DoubleOr(parse.GetValue(rate), "--rate", defaults.RatePerSecond),
                PeriodQuota = IntOr(parse.GetValue(quota), "--quota", 0),
                SendRetryAfter = parse.GetValue(retryAfter),
                Latency = TimeSpan.FromMilliseconds(DoubleOr(parse.GetValue(latency), "--latency-ms", 0)),
                LatencyJitter = TimeSpan.FromMilliseconds(DoubleOr(parse.GetValue(jitter), "--jitter-ms", 0)),
                ApiKey = parse.GetValue(key) ?? string.Empty,
                Drift = [.. driftNames.Where(d => DriftNames.All.Contains(d, StringComparer.OrdinalIgnoreCase))],
            };
            if (parse.GetValue(offsetCap) is { } offsetCapText)
            {
                var before = problems.Count;
                var cap = HostedCommand.Int(offsetCapText, "--offset-cap", problems);
                options.OffsetCap = problems.Count == before ? cap : null;
            }

            var todayText = parse.GetValue(today);
            if (todayText is not null)
            {
                if (DateOnly.TryParseExact(todayText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    options.Today = d;
                }
                else
                {
                    problems.Add($"--today: '{todayText}' is not a date yyyy-MM-dd");
                }
            }

            try
            {
                options.Faults = FaultRates.FromProfile(parse.GetValue(faults) ?? string.Empty);
            }
            catch (ArgumentException e)
            {
                problems.Add("--faults: " + e.Message);
            }

            problems.AddRange(options.Problems());
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await Console.Error.WriteLineAsync("propgrade simulate: " + p);
                }

                return 2;
            }

            return await RunAsync(options, Console.Out, ct, context);
        });
        return command;
    }

    /// <summary>
    /// Starts the simulator, prints how to reach it and serves until <paramref name="ct"/> fires (a signal); the exit code
    /// of a stop: 143 after SIGTERM, else 130.
    /// </summary>
    public static async Task<int> RunAsync(SimulatorOptions options, TextWriter output, CancellationToken ct, CliContext? context = null)
    {
        await using var host = await SimulatorHost.StartAsync(options, ct);
        await output.WriteLineAsync(ListeningPrefix + host.BaseAddress);
        await output.WriteLineAsync($"API key:  {options.ApiKey}   (header X-RapidAPI-Key)");
        await output.WriteLineAsync($"Host:     {options.Host}   (header X-RapidAPI-Host)");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"World:    {host.MarketCount} markets, {options.Agents} agents, seed {options.Seed}, today {host.Today:yyyy-MM-dd}"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Limits:   rate {(options.RatePerSecond > 0 ? options.RatePerSecond + " req/s" : "unlimited")}, quota {(options.PeriodQuota > 0 ? options.PeriodQuota : "unlimited")}, faults {options.Faults.Total:P1} of requests"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Contract: revision 2; drift {(options.Drift.Count == 0 ? "none" : string.Join(", ", options.Drift))}; offset cap {(options.OffsetCap is { } cap ? cap.ToString(CultureInfo.InvariantCulture) : "none")}"));
        await output.WriteLineAsync($"Oracle:   {host.BaseAddress}__sim/markets  __sim/truth  __sim/stats  __sim/requests");
        await output.WriteLineAsync("Press Ctrl+C to stop.");
        await output.FlushAsync(ct);
        await HostedCommand.RunUntilCanceledAsync(ct);
        return context?.InterruptedExitCode ?? ExitCodes.Interrupted;
    }
}
