namespace PropGrade.Aws.Cost;

/// <summary>What a run's cost depends on. Defaults match the stack's defaults.</summary>
public sealed record RunCostInputs
{
    /// <summary>Agents graded. Default 10,000.</summary>
    public int Agents { get; init; } = 10_000;

    /// <summary>Listing-API requests per agent in the grading stages (retries included). Default 3.</summary>
    public double CallsPerAgent { get; init; } = 3;

    /// <summary>Discovery requests for the whole run (agents/list pages of 20). Default: agents / 18 (pages not quite full, repeats across markets).</summary>
    public int? DiscoveryCalls { get; init; }

    /// <summary>Markets of the run (discovery Map children). Default: agents / 150.</summary>
    public int? Markets { get; init; }

    /// <summary>Agents per Map batch. Default 100.</summary>
    public int AgentsPerBatch { get; init; } = 100;

    /// <summary>The most workers at once (the deployment's cap). Default 10.</summary>
    public int MaxConcurrency { get; init; } = 10;

    /// <summary>The plan's request rate for the whole run. Default 5.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>The API's latency the workers are sized for. Default 500 ms.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Memory of the discovery and grading workers. Default 512 MB.</summary>
    public int StageMemoryMb { get; init; } = 512;

    /// <summary>A worker invocation's timeout (its budget is 80 % of it). Default 900 s.</summary>
    public int WorkerTimeoutSeconds { get; init; } = 900;

    /// <summary>Agents per checkpoint of a grading worker (raw group, results, progress). Default 25.</summary>
    public int CheckpointAgents { get; init; } = 25;

    /// <summary>Memory of Aggregate. Default 1769 MB (the stack's default).</summary>
    public int AggregateMemoryMb { get; init; } = 1769;

    public RunCostInputs Validate()
    {
        if (Agents < 1 || CallsPerAgent < 0.1 || AgentsPerBatch < 1 || MaxConcurrency < 1 || RequestsPerSecond <= 0 || StageMemoryMb < 128
            || WorkerTimeoutSeconds < 30 || CheckpointAgents < 1 || Latency <= TimeSpan.Zero || DiscoveryCalls < 0 || Markets < 0 || AggregateMemoryMb < 128)
        {
            throw new ArgumentException("agents, batch size, concurrency, checkpoint must be >= 1; calls per agent >= 0.1; rate and latency > 0; memory >= 128 MB; timeout >= 30 s.");
        }

        return this;
    }
}
