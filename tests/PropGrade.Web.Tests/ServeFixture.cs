using PropGrade.Local;
using PropGrade.Local.Web;

namespace PropGrade.Web.Tests;

/// <summary>
/// What <c>propgrade serve</c> runs (<see cref="LocalServer"/>): the real engine, the embedded simulator (a small world,
/// no faults, so a run takes seconds), SQLite and files in a temporary data directory, the page on 127.0.0.1:0.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-web-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public LocalServer Server { get; private set; } = null!;

    /// <summary>Everything the host and its runs logged (request lines included).</summary>
    public CapturingLoggerProvider Log { get; } = new();

    public async Task InitializeAsync()
    {
        var engine = new LocalEngineOptions { DataDir = _dataDir, Concurrency = 4 };
        engine.Simulator.Agents = 150;
        engine.Simulator.Seed = 7;
        Server = await LocalServer.StartAsync(engine, new LocalWebHostOptions { Port = 0 }, token: null, Log, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
