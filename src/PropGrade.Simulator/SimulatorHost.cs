using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator;

/// <summary>
/// A running simulator on 127.0.0.1 (real HTTP). <c>await using var sim = await SimulatorHost.StartAsync(new() { Agents = 200 });</c>
/// then call <see cref="BaseAddress"/> with <c>X-RapidAPI-Key: sim.Options.ApiKey</c> and <c>X-RapidAPI-Host: sim.Options.Host</c>.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, SimulatorOptions options, DateOnly today, Uri baseAddress, SimulatorServices services)
    {
        _app = app;
        Options = options;
        Today = today;
        BaseAddress = baseAddress;
        Services = services;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The options it was started with.</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The API's "today" in effect (the option, or the UTC date at start).</summary>
    public DateOnly Today { get; }

    /// <summary>The number of markets (ZIP codes) the world covers.</summary>
    public int MarketCount => Services.World.Source.Markets.Count;

    internal SimulatorServices Services { get; }

    /// <summary>Validates the options, builds the seeded world and starts serving.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public static Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var today = SimulatorApp.ResolveToday(options);
        return StartAsync(options, SimulatorApp.CreateWorld(options, today), ct);
    }

    /// <summary>Starts over any world source (tests use hand-made worlds).</summary>
    internal static async Task<SimulatorHost> StartAsync(SimulatorOptions options, IWorldSource source, CancellationToken ct = default)
    {
        options.Validate();
        var app = SimulatorApp.Build(options, source, out var services);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new SimulatorHost(app, options, source.Today, new Uri($"http://127.0.0.1:{port}/"), services);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
