using Microsoft.Extensions.Hosting;

namespace PropGrade.Simulator;

/// <summary>
/// The simulator is a component, not the process: it must not take over Ctrl+C / SIGTERM (the default console
/// lifetime would stop the server and swallow the signal, leaving the embedding process running without it).
/// Whoever owns the process stops the simulator by disposing <see cref="SimulatorHost"/>.
/// </summary>
internal sealed class HostedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
