using PropGrade.Core.Api;
using PropGrade.Core.Runs;
using PropGrade.Local.Web;

namespace PropGrade.Web.Tests;

/// <summary>The local host over <see cref="ScriptedEngine"/> with the real request parser (today = the UTC date).</summary>
public sealed class ScriptedServer : IAsyncLifetime
{
    public const string Token = "scripted-token";

    private LocalWebHost? _host;

    internal ScriptedEngine Engine { get; } = new();

    public Uri BaseAddress => _host!.BaseAddress;

    public async Task InitializeAsync()
    {
        var policy = new RunRequestPolicy(_ => Task.FromResult(new RunDefaults(DateOnly.FromDateTime(DateTime.UtcNow), ["07030", "90210", "10001"])));
        var api = new RunsApi(new BearerTokenAuthenticator(Token), policy, Engine, Engine, Engine, policy, new RunsApiOptions { ServeExportFiles = true });
        _host = await LocalWebHost.StartAsync(api, new LocalWebHostOptions { Port = 0 }, logger: null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
