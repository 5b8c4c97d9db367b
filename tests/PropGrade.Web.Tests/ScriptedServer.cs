using PropGrade.Core.Api;
using PropGrade.Core.Runs;
using PropGrade.Local.Web;

namespace PropGrade.Web.Tests;

/// <summary>
/// The local host over <see cref="ScriptedEngine"/> with the real request parser. The source's <see cref="Today"/> is
/// read on every request (a test may move it), its markets are 07030, 90210 and 10001, of which the first two have a
/// known place. Every request the host logs goes to <see cref="Log"/>.
/// </summary>
public class ScriptedServer : IAsyncLifetime
{
    public const string Token = "scripted-token";

    private static readonly string[] Markets = ["07030", "90210", "10001"];

    private readonly RunsApiOptions _options;
    private LocalWebHost? _host;

    public ScriptedServer()
        : this(new RunsApiOptions { ServeExportFiles = true })
    {
    }

    protected ScriptedServer(RunsApiOptions options) => _options = options;

    internal ScriptedEngine Engine { get; } = new();

    public CapturingLoggerProvider Log { get; } = new();

    /// <summary>The source's today (the latest allowed as-of date); the UTC date unless a test moves it.</summary>
    public DateOnly Today { get; set; } = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    public Uri BaseAddress => _host!.BaseAddress;

    public async Task InitializeAsync()
    {
        Engine.ApiToday = () => Today;
        var policy = new RunRequestPolicy(_ => Task.FromResult(new RunDefaults(Today, Markets)
        {
            MarketPlaces = new Dictionary<string, MarketPlace> { ["07030"] = new("Hoboken", "NJ"), ["90210"] = new("Beverly Hills", "CA") },
        }));
        var api = new RunsApi(new BearerTokenAuthenticator(Token), policy, Engine, Engine, Engine, policy, _options);
        _host = await LocalWebHost.StartAsync(api, new LocalWebHostOptions { Port = 0 }, Log, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
