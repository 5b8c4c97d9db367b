namespace PropGrade.Cli.Commands.Bench;

/// <summary>What <c>propgrade bench pipeline</c> measures (flags of the same names).</summary>
internal sealed record PipelineBenchSettings(
    IReadOnlyList<string> Sections,
    int CallsAgents,
    int RateAgents,
    double Rate,
    int LatencyMs,
    int ScaleAgents,
    int Concurrency,
    string DataDir)
{
    public static IReadOnlyList<string> AllSections { get; } = ["calls", "rate", "scale", "regrade"];
}
