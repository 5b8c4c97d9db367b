using System.Text.Json;
using PropGrade.ListingApi.Probe;
using PropGrade.ListingApi.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.ListingApi.Tests.Probe;

/// <summary>
/// A simulator on loopback (2,000 agents, seed 42, today 2026-11-23; the default market 10011 holds 86 agents) and a
/// probe pointed at it over real HTTP, with its samples in a temp directory. Counts requests on the server side.
/// </summary>
internal sealed class ProbeSimulator : IAsyncDisposable
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly HttpClient Http = new();

    private ProbeSimulator(SimulatorHost host, string root)
    {
        Host = host;
        Root = root;
    }

    public SimulatorHost Host { get; }

    /// <summary>The temp directory holding the sample directory.</summary>
    public string Root { get; }

    public string SampleDirectory => Path.Combine(Root, "probe");

    public static async Task<ProbeSimulator> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { Agents = 2_000, Seed = 42, Today = Today, RequestLogCapacity = 0 };
        configure?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options);
        return new ProbeSimulator(host, Directory.CreateTempSubdirectory("pg-probe-").FullName);
    }

    public ProbeOptions Options(Action<ProbeOptions>? configure = null)
    {
        var options = new ProbeOptions
        {
            BaseAddress = Host.BaseAddress,
            Host = Host.Options.Host,
            RequestsPerSecond = 1_000,
            Today = Host.Today,
            SampleDirectory = SampleDirectory,
            AttemptTimeout = TimeSpan.FromSeconds(5),
            Target = "test simulator",
        };
        configure?.Invoke(options);
        return options;
    }

    public async Task<ProbeReport> ProbeAsync(Action<ProbeOptions>? configure = null, string? key = null)
    {
        using var probe = new ListingProbe(Options(configure), new FixedKeyProvider(key ?? Host.Options.ApiKey));
        return await probe.RunAsync();
    }

    /// <summary>Requests the simulator served on <c>/agents/*</c> (every status, faults and aborts included).</summary>
    public async Task<long> ServedAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri(Host.BaseAddress, "__sim/stats")));
        return doc.RootElement.GetProperty("total").GetInt64();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
