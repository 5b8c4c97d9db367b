namespace PropGrade.Cli.Commands.Bench;

/// <summary>What <c>propgrade bench scale</c> runs (flags of the same names).</summary>
/// <param name="Agents">Agents in the simulated world.</param>
/// <param name="Rate">The client's request rate; null = unthrottled (the embedded default, 10,000 req/s).</param>
/// <param name="Seed">The world's seed.</param>
/// <param name="Root">Where the run's data directory is made (its <c>data</c> subdirectory).</param>
/// <param name="Json">Print the figures as JSON on stdout.</param>
internal sealed record ScaleBenchSettings(int Agents, double? Rate, int Seed, string Root, bool Json)
{
    /// <summary>The client rate of an unthrottled run: what <c>propgrade run</c> uses for its embedded simulator (DefaultSourceConnector.EmbeddedRequestsPerSecond).</summary>
    public const double UnthrottledRate = 10_000;

    /// <summary>The API's today in the simulated world (fixed, like the other benchmarks).</summary>
    public static DateOnly Today { get; } = new(2026, 11, 23);

    /// <summary>The run's data directory.</summary>
    public string DataDir => Path.Combine(Root, "data");
}
