using System.Globalization;

namespace PropGrade.Core.Runs;

/// <summary>
/// How many workers a run uses and how many agents each has in flight, from the plan's rate and the API's latency
/// (docs/aws.md, "Rate"). A worker's pages follow one another per market or agent, so a worker with k requests in
/// flight sustains at most k / latency requests per second; the run aims at <see cref="AimFraction"/> of the plan's
/// rate, keeps <see cref="Headroom"/> more requests in flight than that needs, and splits the aimed rate evenly over its
/// workers (each worker's limiter paces its share, with a burst of 1: at a stage handoff at most one request per worker
/// starts at once).
/// </summary>
/// <remarks>
/// <code>
/// aim       = AimFraction × R
/// needed    = ceil(Headroom × aim × latency)                 requests in flight to sustain the aim
/// discovery: workers = clamp(needed, 1, min(markets, MaxWorkers))     (one market per worker, its pages in order)
/// grading:   workers = clamp(ceil(needed / MaxInFlight), 1, min(batches, MaxWorkers)),
///            inFlight = clamp(ceil(needed / workers), 1, MaxInFlight)
/// rate per worker = aim / workers
/// </code>
/// At the BASIC plan's 5 req/s and 500 ms: aim 4.5, needed 4 → one grading worker with 4 agents in flight at 4.5 req/s.
/// </remarks>
public sealed record WorkerPlan(int Workers, int InFlight, double RatePerWorker)
{
    /// <summary>Fraction of the plan's rate the run aims at (room for clock skew and the provider's own accounting).</summary>
    public const double AimFraction = 0.9;

    /// <summary>Requests in flight beyond what the aimed rate needs at the observed latency.</summary>
    public const double Headroom = 1.5;

    /// <summary>The most agents one worker keeps in flight.</summary>
    public const int MaxInFlight = 8;

    /// <summary>The most workers a run uses at once unless the deployment caps it lower.</summary>
    public const int MaxWorkers = 100;

    /// <summary>The latency assumed before any was observed (a run's start, a roster run).</summary>
    public static readonly TimeSpan AssumedLatency = TimeSpan.FromMilliseconds(500);

    /// <summary>Discovery: one market per worker, <see cref="InFlight"/> 1.</summary>
    public static WorkerPlan ForDiscovery(double requestsPerSecond, TimeSpan latency, int markets, int maxWorkers = MaxWorkers)
    {
        var aim = Aim(requestsPerSecond);
        var workers = Math.Clamp(Needed(aim, latency), 1, Math.Max(1, Math.Min(markets, maxWorkers)));
        return new WorkerPlan(workers, 1, aim / workers);
    }

    /// <summary>Grading: few workers, several agents in flight each.</summary>
    public static WorkerPlan ForGrading(double requestsPerSecond, TimeSpan latency, int batches, int maxWorkers = MaxWorkers)
    {
        var aim = Aim(requestsPerSecond);
        var needed = Needed(aim, latency);
        var workers = Math.Clamp((int)Math.Ceiling(needed / (double)MaxInFlight), 1, Math.Max(1, Math.Min(batches, maxWorkers)));
        var inFlight = Math.Clamp((int)Math.Ceiling(needed / (double)workers), 1, MaxInFlight);
        return new WorkerPlan(workers, inFlight, aim / workers);
    }

    /// <summary>The latency behind <paramref name="wireMilliseconds"/> over <paramref name="attempts"/>, or <see cref="AssumedLatency"/> without any.</summary>
    public static TimeSpan Latency(long attempts, long wireMilliseconds) =>
        attempts > 0 ? TimeSpan.FromMilliseconds(Math.Max(1, wireMilliseconds / (double)attempts)) : AssumedLatency;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Workers} worker(s) × {InFlight} in flight at {RatePerWorker:0.###} req/s each");

    private static double Aim(double requestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requestsPerSecond);
        return AimFraction * requestsPerSecond;
    }

    private static int Needed(double aim, TimeSpan latency) =>
        (int)Math.Min(MaxWorkers * MaxInFlight, Math.Max(1, Math.Ceiling(Headroom * aim * Math.Max(latency.TotalSeconds, 0.001))));
}
