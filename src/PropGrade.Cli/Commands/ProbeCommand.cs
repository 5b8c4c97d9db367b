using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Core.Secrets;
using PropGrade.ListingApi;
using PropGrade.ListingApi.Probe;
using PropGrade.Local;
using PropGrade.Simulator;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade probe</c>: checks the listing-API contract (revision 2) against an API with the user's key before a run
/// spends money: prints its call budget before the first call, keeps every raw response (key removed) under
/// <c>{data-dir}/probes/{timestamp}/</c>, reports field by field, and exits 0 when everything the grader needs maps,
/// 1 otherwise, 2 on bad flags (every one named, nothing written). Without <c>--api-base</c> it probes the embedded
/// simulator, so a newcomer sees what it does.
/// </summary>
internal static class ProbeCommand
{
    /// <summary>Client rate against the embedded simulator: effectively unthrottled (as <c>run</c> uses it).</summary>
    private const double EmbeddedRequestsPerSecond = 10_000;

    public static Command Create(CliContext? context = null)
    {
        var apiBase = new Option<string?>("--api-base") { Description = "Listing API base URL (default: probe the embedded simulator)" };
        var keyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key", DefaultValueFactory = _ => EnvironmentApiKeyProvider.DefaultVariableName };
        var market = new Option<string>("--market") { Description = "ZIP code whose agents are probed", DefaultValueFactory = _ => ProbeOptions.DefaultMarket };
        var agents = new Option<string>("--agents") { Description = $"Agents whose first forSold and forSale pages are checked (1..{ProbeOptions.MaxAgents})", DefaultValueFactory = _ => "1" };
        var auditBound = new Option<string>("--audit-bound") { Description = $"Page N agents' sold history to the end and check the profile bound and the order (0..{ProbeOptions.MaxAuditBound}; up to N x 20 more calls)", DefaultValueFactory = _ => "0" };
        var dataDir = new Option<string>("--data-dir") { Description = "Where the samples go ({data-dir}/probes/{timestamp}/)", DefaultValueFactory = _ => "./propgrade-data" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON document on stdout (the budget and progress go to stderr)" };
        var command = new Command("probe", "Check the listing API's shapes and assumptions with your key, in a few calls, before a run. Without --api-base it probes the embedded simulator.")
        {
            apiBase, keyEnv, market, agents, auditBound, dataDir, json,
        };
        command.SetAction((parse, ct) =>
        {
            var flags = new Flags(
                parse.GetValue(apiBase),
                parse.GetValue(keyEnv),
                parse.GetValue(market),
                parse.GetValue(agents),
                parse.GetValue(auditBound),
                parse.GetValue(dataDir),
                parse.GetValue(json));
            return ExecuteAsync(context ?? CliContext.FromConsole(), flags, ct);
        });
        return command;
    }

    private sealed record Flags(string? ApiBase, string? KeyEnv, string? Market, string? Agents, string? AuditBound, string? DataDir, bool Json);

    private static async Task<int> ExecuteAsync(CliContext context, Flags flags, CancellationToken ct)
    {
        var problems = new List<string>();
        var options = Read(flags, problems);
        if (problems.Count > 0)
        {
            return RunCommand.BadInput(context, problems);
        }

        // The embedded world as `run` composes it (tests shrink it or add drift through the same hook).
        var engine = new LocalEngineOptions();
        context.ConfigureEngine?.Invoke(engine);
        var progress = flags.Json ? context.Error : context.Out;
        SimulatorHost? simulator = null;
        try
        {
            IApiKeyProvider keys;
            if (flags.ApiBase is null)
            {
                simulator = await SimulatorHost.StartAsync(engine.Simulator, ct);
                options.BaseAddress = simulator.BaseAddress;
                options.Host = simulator.Options.Host;
                options.RequestsPerSecond = EmbeddedRequestsPerSecond;
                options.Today = simulator.Today;
                options.Target = string.Create(CultureInfo.InvariantCulture,
                    $"the embedded simulator at {simulator.BaseAddress} ({engine.Simulator.Agents:N0} agents{(engine.Simulator.Drift.Count == 0 ? string.Empty : ", drift " + string.Join(", ", engine.Simulator.Drift))})");
                keys = new SimulatorKey(simulator.Options.ApiKey);
            }
            else
            {
                options.Host = engine.Host;
                options.Today = await SimulatorTodayAsync(options.BaseAddress, ct) ?? DateOnly.FromDateTime(engine.TimeProvider.GetUtcNow().UtcDateTime);
                options.Target = options.BaseAddress.GetLeftPart(UriPartial.Authority);
                keys = new EnvironmentApiKeyProvider(flags.KeyEnv!);
            }

            options.SampleDirectory = SampleDirectory(flags.DataDir!, engine.TimeProvider);
            using var probe = new ListingProbe(options, keys, engine.TimeProvider);
            await progress.WriteLineAsync($"propgrade probe: {options.Target}, market {options.Market}, today {options.Today:yyyy-MM-dd}");
            await progress.WriteLineAsync(probe.Budget.Describe());
            await progress.FlushAsync(ct);
            var total = probe.Budget.Requests;
            var report = await probe.RunAsync(call => progress.WriteLine(ProbeReportText.CallLine(call, total)), ct);
            ct.ThrowIfCancellationRequested();
            if (flags.Json)
            {
                await context.Out.WriteLineAsync(report.ToJson());
                await context.Error.WriteLineAsync(report.Passed ? "PASS" : $"FAIL: {report.Failures[0]}");
            }
            else
            {
                ProbeReportText.Write(context.Out, report);
            }

            return report.Passed ? ExitCodes.Succeeded : ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Interrupted: the probe stopped; what it kept is under " + options.SampleDirectory);
            return context.InterruptedExitCode;
        }
        finally
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }
        }
    }

    /// <summary>The probe's options from the flags; every bad flag is named in <paramref name="problems"/>.</summary>
    private static ProbeOptions Read(Flags flags, List<string> problems)
    {
        var options = new ProbeOptions();
        if (flags.ApiBase is { } apiBase)
        {
            if (Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                options.BaseAddress = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
            }
            else
            {
                problems.Add($"--api-base: '{apiBase}' is not an http(s) URL.");
            }
        }

        if (string.IsNullOrWhiteSpace(flags.KeyEnv))
        {
            problems.Add("--api-key-env: give the name of an environment variable.");
        }
        else if (flags.ApiBase is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(flags.KeyEnv)))
        {
            problems.Add($"--api-key-env: the environment variable {flags.KeyEnv} holding the API key is not set.");
        }

        if (ProbeOptions.IsZip(flags.Market))
        {
            options.Market = flags.Market!;
        }
        else
        {
            problems.Add($"--market: '{flags.Market}' is not a 5-digit ZIP code.");
        }

        options.Agents = Whole(flags.Agents, "--agents", 1, ProbeOptions.MaxAgents, problems) ?? options.Agents;
        options.AuditBound = Whole(flags.AuditBound, "--audit-bound", 0, ProbeOptions.MaxAuditBound, problems) ?? options.AuditBound;
        if (string.IsNullOrWhiteSpace(flags.DataDir))
        {
            problems.Add("--data-dir: give a directory.");
        }

        return options;
    }

    private static int? Whole(string? text, string name, int min, int max, List<string> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}: '{text}' must be a whole number {min}..{max}."));
        return null;
    }

    /// <summary><c>{dataDir}/probes/{yyyyMMddTHHmmssZ}</c>, with a suffix when a probe of the same second exists.</summary>
    private static string SampleDirectory(string dataDir, TimeProvider time)
    {
        var root = Path.Combine(Path.GetFullPath(dataDir), "probes");
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(root, stamp);
        for (var n = 2; Directory.Exists(path); n++)
        {
            path = Path.Combine(root, string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n}"));
        }

        return path;
    }

    /// <summary>
    /// The simulator's today from <c>/__sim/markets</c> when the base is on this machine (a standalone
    /// <c>propgrade simulate</c>); null otherwise. Nothing is sent to a remote API, and no key is sent at all.
    /// </summary>
    private static async Task<DateOnly?> SimulatorTodayAsync(Uri baseAddress, CancellationToken ct)
    {
        if (!baseAddress.IsLoopback)
        {
            return null;
        }

        try
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
            using var response = await http.GetAsync(new Uri("__sim/markets", UriKind.Relative), ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            return document.RootElement.TryGetProperty("today", out var today)
                && DateOnly.TryParseExact(today.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date
                    : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The embedded simulator's key, handed over in-process (never printed).</summary>
    private sealed class SimulatorKey(string key) : IApiKeyProvider
    {
        public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(key);
    }
}
