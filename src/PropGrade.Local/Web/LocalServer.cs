using Microsoft.Extensions.Logging;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Local.Web;

/// <summary>
/// Everything <c>propgrade serve</c> runs, composed once: the local engine (SQLite runs, file exports, the embedded
/// simulator unless an API base is given), the background launcher, the framework-neutral <see cref="RunsApi"/>
/// behind a bearer token, and the page host on 127.0.0.1. The browser tests start exactly this.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    /// <summary>How many of the newest runs are checked for unfinished API runs at start.</summary>
    private const int UnfinishedScanLimit = 200;

    private readonly LocalWebHost _host;
    private readonly LocalRunLauncher _launcher;

    private readonly TimeProvider _time;

    private LocalServer(LocalEngine engine, LocalRunLauncher launcher, LocalWebHost host, string token, TimeProvider time)
    {
        _time = time;
        Engine = engine;
        _launcher = launcher;
        _host = host;
        Token = token;
    }

    /// <summary>The page's address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress => _host.BaseAddress;

    /// <summary>The bearer token every API route requires.</summary>
    public string Token { get; }

    /// <summary>
    /// The page's address carrying the token once, as Jupyter prints it: <c>http://127.0.0.1:PORT/#token=…</c>. The token
    /// rides in the fragment, which browsers never send to the server (so it cannot reach a request log); the page keeps
    /// it in the tab's <c>sessionStorage</c> and removes it from the address bar at once.
    /// </summary>
    public Uri SignInAddress => new(BaseAddress, "#" + TokenFragmentKey + "=" + Uri.EscapeDataString(Token));

    /// <summary>The fragment key of <see cref="SignInAddress"/> (the page reads <c>#token=</c>).</summary>
    public const string TokenFragmentKey = "token";

    public LocalEngine Engine { get; }

    /// <param name="engineOptions">The engine's settings (data directory, source, concurrency).</param>
    /// <param name="webOptions">The host's settings (port).</param>
    /// <param name="token">The access token; null generates a random one.</param>
    /// <param name="logger">Where the host and failed runs log; null = nowhere.</param>
    public static async Task<LocalServer> StartAsync(
        LocalEngineOptions engineOptions, LocalWebHostOptions webOptions, string? token, ILoggerProvider? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engineOptions);
        ArgumentNullException.ThrowIfNull(webOptions);
        webOptions.Validate();
        token ??= BearerTokenAuthenticator.GenerateToken();
        var log = logger?.CreateLogger("PropGrade.Serve");

        var engine = new LocalEngine(engineOptions);
        LocalRunLauncher? launcher = null;
        try
        {
            await engine.ConnectAsync(cancellationToken);
            launcher = new LocalRunLauncher(engine, engineOptions, (runId, ex) => log?.LogError(ex, "Run {RunId} failed", runId));
            var policy = new RunRequestPolicy(engine.GetDefaultsAsync);
            var api = new RunsApi(
                new BearerTokenAuthenticator(token), policy, launcher, engine.Runs, engine.Exports, policy,
                new RunsApiOptions { ServeExportFiles = true, MaxConcurrency = 64 },
                ex => log?.LogError(ex, "Runs API request failed"),
                engine.Agents,
                engine.Explainer,
                engine.Estimator);
            var host = await LocalWebHost.StartAsync(api, webOptions, logger, cancellationToken);
            var server = new LocalServer(engine, launcher, host, token, engineOptions.TimeProvider);
            await server.ResumeUnfinishedAsync(cancellationToken);
            return server;
        }
        catch
        {
            if (launcher is not null)
            {
                await launcher.DisposeAsync();
            }

            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Completes when a run launched or resumed by this server stops executing (at once when it is not executing).</summary>
    public Task WhenRunStoppedAsync(string runId, CancellationToken cancellationToken) =>
        _launcher.WhenStopped(runId).WaitAsync(cancellationToken);

    /// <summary>Runs launched from the page that a previous <c>serve</c> left QUEUED or RUNNING (Ctrl+C, a crash) carry on.</summary>
    public IReadOnlyList<string> Resumed { get; private set; } = [];

    /// <summary>
    /// Unfinished runs another executor holds (a second <c>serve</c> on the same data directory, a <c>run --resume</c>):
    /// not resumed here, each with who holds it.
    /// </summary>
    public IReadOnlyList<string> HeldElsewhere { get; private set; } = [];

    /// <summary>
    /// Unfinished runs not resumed because they were created against another listing source than this server's (or
    /// before runs pinned theirs): each message names both sources. Nothing is called for them.
    /// </summary>
    public IReadOnlyList<string> NotResumed { get; private set; } = [];

    private async Task ResumeUnfinishedAsync(CancellationToken cancellationToken)
    {
        var resumed = new List<string>();
        var held = new List<string>();
        var refused = new List<string>();
        foreach (var run in await Engine.Runs.ListAsync(UnfinishedScanLimit, cancellationToken))
        {
            if (run is not { Trigger: RunTrigger.Api, Status: RunStatus.Queued or RunStatus.Running })
            {
                continue;
            }

            if (await Engine.Leases.GetAsync(LeaseNames.Run(run.RunId), cancellationToken) is { } lease
                && lease.OwnerId != Engine.Executor.Id && !lease.IsExpired(_time.GetUtcNow()))
            {
                held.Add($"{run.RunId} (executed by {lease.Describe()})");
            }
            else if (run.RegradeOf is null && Engine.SourceProblem(run) is { } problem)
            {
                refused.Add(problem);
            }
            else if (_launcher.Resume(run.RunId))
            {
                resumed.Add(run.RunId);
            }
        }

        Resumed = resumed;
        HeldElsewhere = held;
        NotResumed = refused;
    }

    /// <summary>From now on every <c>POST</c> (a new run, a resume) answers 503; safe to call from a signal handler.</summary>
    public void BeginStopping() => _host.BeginStopping();

    /// <summary>
    /// The graceful stop (Ctrl+C, SIGTERM): from now on every <c>POST</c> answers 503; the runs in flight finish the
    /// agents they are grading and stop (RUNNING, resumable); calls still in flight after <paramref name="grace"/> are
    /// cancelled. <see cref="DisposeAsync"/> then closes the host and the engine.
    /// </summary>
    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        BeginStopping();
        await _launcher.StopAsync(grace, timeProvider);
    }

    /// <summary>Stops serving, cancels runs in flight (they stay resumable) and closes the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _launcher.DisposeAsync();
        await Engine.DisposeAsync();
    }
}
