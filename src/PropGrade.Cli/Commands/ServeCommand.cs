using System.CommandLine;
using System.Globalization;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Local;
using PropGrade.Local.Web;
using PropGrade.Simulator;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade serve</c>: the config page and the runs API on 127.0.0.1 until Ctrl+C. Prints the URL, the same URL with a
/// fresh random access token in its fragment (opening it signs the tab in, as Jupyter's link does) and the token itself
/// (to paste when the page asks). Bad flags (a data directory that cannot be one included): exit 2 with every problem
/// named and nothing created.
/// </summary>
internal static class ServeCommand
{
    /// <summary>The first line printed, followed by the page URL.</summary>
    public const string ServingPrefix = "PropGrade is serving on ";

    /// <summary>The line with the page's address and the token in its fragment (open it once: the tab remembers the token).</summary>
    public const string OpenPrefix = "Open (signs this browser tab in): ";

    public const string TokenPrefix = "Access token: ";

    public static Command Create(CliContext? context = null)
    {
        var port = new Option<string>("--port") { Description = "TCP port on 127.0.0.1 (0 = any free port)", DefaultValueFactory = _ => "8080" };
        var dataDir = new Option<string>(DataDirFlag.Name) { Description = "Runs database, raw responses and exports", DefaultValueFactory = _ => DataDirFlag.Default };
        var apiBase = new Option<string?>("--api-base") { Description = "Listing API base URL (default: the embedded simulator)" };
        var apiKeyEnv = new Option<string>("--api-key-env") { Description = "Environment variable holding the API key for --api-base", DefaultValueFactory = _ => "PROPGRADE_API_KEY" };
        var concurrency = new Option<string>("--concurrency") { Description = "Default batches graded at once (a run may ask for another)", DefaultValueFactory = _ => "8" };
        var rate = new Option<string?>("--rate") { Description = "Client requests per second (default: unlimited for the simulator, 5 for an API base)" };
        var agents = new Option<string>("--agents") { Description = "Agents in the embedded simulator's world", DefaultValueFactory = _ => "2000" };
        var seed = new Option<string>("--seed") { Description = "Embedded simulator's world seed", DefaultValueFactory = _ => "42" };

        var command = new Command("serve", "Serve the config page and the runs API on 127.0.0.1 until Ctrl+C.")
        {
            port, dataDir, apiBase, apiKeyEnv, concurrency, rate, agents, seed,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var ctx = context ?? CliContext.FromConsole();
            var problems = new List<string>();
            problems.AddRange(parse.UnmatchedTokens.Select(t => $"unknown argument '{t}'"));
            var web = new LocalWebHostOptions { Port = HostedCommand.Int(parse.GetValue(port), "--port", problems) };
            var engine = new LocalEngineOptions
            {
                DataDir = parse.GetValue(dataDir) ?? DataDirFlag.Default,
                ApiKeyEnvironmentVariable = parse.GetValue(apiKeyEnv) ?? "PROPGRADE_API_KEY",
                Concurrency = HostedCommand.Int(parse.GetValue(concurrency), "--concurrency", problems),
            };
            engine.Simulator.Agents = HostedCommand.Int(parse.GetValue(agents), "--agents", problems);
            engine.Simulator.Seed = HostedCommand.Int(parse.GetValue(seed), "--seed", problems);
            if (parse.GetValue(apiBase) is { } baseText)
            {
                if (Uri.TryCreate(baseText, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    engine.ApiBase = uri;
                }
                else
                {
                    problems.Add($"--api-base: '{baseText}' is not an http(s) URL");
                }
            }

            if (parse.GetValue(rate) is { } rateText)
            {
                if (double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r) && r > 0)
                {
                    engine.RequestsPerSecond = r;
                }
                else
                {
                    problems.Add($"--rate: '{rateText}' is not a positive number");
                }
            }

            // Every flag on its own, so that one bad value never hides another.
            HostedCommand.Check("--port", problems, () => new LocalWebHostOptions { Port = web.Port }.Validate());
            HostedCommand.Check("--concurrency", problems, () => new LocalEngineOptions { Concurrency = engine.Concurrency }.Validate());
            HostedCommand.Check("--agents", problems, () => new SimulatorOptions { Agents = engine.Simulator.Agents }.Validate());
            DataDirFlag.Check(engine.DataDir, problems);
            if (problems.Count == 0)
            {
                HostedCommand.Check("serve", problems, () =>
                {
                    web.Validate();
                    engine.Validate();
                });
            }

            if (problems.Count > 0)
            {
                foreach (var p in problems.Distinct(StringComparer.Ordinal))
                {
                    await ctx.Error.WriteLineAsync("propgrade serve: " + p);
                }

                return ExitCodes.BadInput;
            }

            try
            {
                return await RunAsync(engine, web, ctx.Out, ct, ctx.Signals);
            }
            catch (DataDirectoryException ex)
            {
                await ctx.Error.WriteLineAsync($"propgrade serve: {DataDirFlag.Name}: {ex.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>How long runs in flight may take to finish their agents after a stop when no signals say otherwise.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(5);

    /// <summary>The line printed when the server begins to stop.</summary>
    public const string StoppingLine = "Stopping: new runs are refused (503); runs in flight finish the agents they are grading and stay resumable.";

    /// <summary>
    /// Starts the server, prints the URL and the token, and serves until <paramref name="ct"/> fires (the first Ctrl+C,
    /// SIGINT or SIGTERM); then stops gracefully (<see cref="LocalServer.StopAsync"/>) and returns 130 after SIGINT,
    /// 143 after SIGTERM, 0 when stopped otherwise.
    /// </summary>
    public static async Task<int> RunAsync(LocalEngineOptions engine, LocalWebHostOptions web, TextWriter output, CancellationToken ct, Hosting.ShutdownSignals? signals = null)
    {
        await using var server = await LocalServer.StartAsync(engine, web, token: null, logger: null, ct);
        await output.WriteLineAsync(ServingPrefix + server.BaseAddress);
        await output.WriteLineAsync(OpenPrefix + server.SignInAddress);
        await output.WriteLineAsync(TokenPrefix + server.Token);
        await output.WriteLineAsync("Or open the first address and paste the token when asked. Data: " + server.Engine.DataDir);
        if (server.Resumed.Count > 0)
        {
            await output.WriteLineAsync("Resuming unfinished runs: " + string.Join(", ", server.Resumed));
        }

        foreach (var held in server.HeldElsewhere)
        {
            await output.WriteLineAsync("Not resuming run " + held + ": another executor holds it; nothing done here.");
        }

        foreach (var refused in server.NotResumed)
        {
            await output.WriteLineAsync("Not resuming: " + refused);
        }

        await output.WriteLineAsync("Press Ctrl+C to stop (runs in flight stop and resume at the next `propgrade serve`).");
        await output.FlushAsync(ct);

        // New runs are refused from the signal itself, not from whenever this method's continuation gets to run.
        await using var refuseOnStop = ct.Register(server.BeginStopping);
        await HostedCommand.RunUntilCanceledAsync(ct);
        await output.WriteLineAsync(StoppingLine);
        await output.FlushAsync(CancellationToken.None);
        await server.StopAsync(signals?.Grace ?? DefaultGrace, TimeProvider.System);
        return signals?.Received is not null ? signals.ExitCode : 0;
    }
}
