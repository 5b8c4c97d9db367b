namespace PropGrade.Core.Runs;

/// <summary>Batch tracking (the port): SQLite locally, DynamoDB on AWS. Every write is atomic and conditional where it says so.</summary>
public interface IRunStore
{
    /// <summary>Creates a QUEUED run. Throws <see cref="RunAlreadyExistsException"/> when the id is taken.</summary>
    Task CreateAsync(RunRecord record, CancellationToken cancellationToken);

    Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the run to RUNNING if its status is one of <paramref name="from"/> (QUEUED for a start; RUNNING,
    /// FAILED or PARTIAL for a resume). Returns false, changing nothing, otherwise.
    /// </summary>
    Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="delta"/> to the live counters atomically.</summary>
    Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken);

    /// <summary>Records how each market's discovery went (once discovery has finished; a later call replaces it).</summary>
    Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken);

    /// <summary>Records the final status, tier counts, export names, error and (when given) warnings.</summary>
    Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FinishAsync"/> only if the run's status is one of <paramref name="from"/> (e.g. QUEUED or RUNNING, so
    /// that a run already finished keeps its outcome); false, changing nothing, otherwise or when there is no such run.
    /// </summary>
    Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken);

    /// <summary>Records the listing API's "today" the run grades against (set once, when the run starts).</summary>
    Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a worker's failure streak to the run's consecutive-failure count (the run-level breaker every worker
    /// shares) in one atomic update, and returns the count after it.
    /// </summary>
    Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken);
}
