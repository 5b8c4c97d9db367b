namespace PropGrade.Simulator.Tests;

/// <summary>One shared simulator (600 agents, fixed today, no faults, unlimited rate) for the contract tests.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    private SimulatorHost? _host;
    private SimClient? _client;

    internal SimulatorHost Host => _host!;

    internal SimClient Client => _client!;

    public async Task InitializeAsync()
    {
        _host = await SimulatorHost.StartAsync(new SimulatorOptions { Agents = 600, Seed = 7, Today = Today });
        _client = new SimClient(_host);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
