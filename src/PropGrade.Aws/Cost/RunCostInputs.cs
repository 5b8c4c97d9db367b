namespace PropGrade.Aws.Cost;

/// <summary>What a run's cost depends on. Defaults match the stack's defaults.</summary>
public sealed record RunCostInputs
{
    /// <summary>Agents graded. Default 10,000.</summary>
    public int Agents { get; init; } = 10_000;

    /// <summary>Listing-API requests per agent (profile + pages, retries included). Default 3.</summary>
    public double CallsPerAgent { get; init; } = 3;

    /// <summary>Discovery requests for the whole run (agents/list pages). Default: agents / 20.</summary>
    public int? DiscoveryCalls { get; init; }

    /// <summary>Agents per Map child execution. Default 25.</summary>
    public int AgentsPerBatch { get; init; } = 25;

    /// <summary>Map children at once. Default 10.</summary>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>The plan's request rate for the whole run. Default 5.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>Memory of the stage functions. Default 1024 MB.</summary>
    public int StageMemoryMb { get; init; } = 1024;

    public RunCostInputs Validate()
    {
        if (Agents < 1 || CallsPerAgent < 1 || AgentsPerBatch < 1 || MaxConcurrency < 1 || RequestsPerSecond <= 0 || StageMemoryMb < 128)
        {
            throw new ArgumentException("agents, calls per agent, batch size and concurrency must be >= 1; rate > 0; memory >= 128 MB.");
        }

        return this;
    }
}
