using PropGrade.Simulator.Drift;

namespace PropGrade.Simulator;

/// <summary>
/// Everything the simulator can be told. Plain properties with documented defaults; <see cref="Validate"/> is
/// called once by <see cref="SimulatorHost.StartAsync"/>.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1. Default 0: an ephemeral port (read it from <see cref="SimulatorHost.BaseAddress"/>).</summary>
    public int Port { get; set; }

    /// <summary>World seed. Default 42. Same seed, agent count and today: byte-identical responses.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Number of agents in the world (1..1,000,000). Default 5,000.</summary>
    public int Agents { get; set; } = 5000;

    /// <summary>The API's "today". Default null: the UTC date when the simulator starts (from <see cref="TimeProvider"/>).</summary>
    public DateOnly? Today { get; set; }

    /// <summary>The one valid, subscribed API key. Default <c>sim-local-key</c>.</summary>
    public string ApiKey { get; set; } = "sim-local-key";

    /// <summary>Keys that are known but not subscribed: 403 "You are not subscribed to this API.". Default none.</summary>
    public IReadOnlyList<string> UnsubscribedKeys { get; set; } = [];

    /// <summary>The X-RapidAPI-Host value every request must carry. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string Host { get; set; } = "realty-in-us.p.rapidapi.com";

    /// <summary>Per-key requests per second (token bucket, burst max(1, rate/10)). Default 0: unlimited.</summary>
    public double RatePerSecond { get; set; }

    /// <summary>Per-key requests for the whole period (the "MONTHLY" quota). Default 0: unlimited.</summary>
    public long PeriodQuota { get; set; }

    /// <summary>
    /// The quota period: <c>x-ratelimit-requests-reset</c> counts down to its end and the quota renews then. Default 30
    /// days (the "MONTHLY" plan), counted from the start.
    /// </summary>
    public TimeSpan QuotaPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Send <c>Retry-After</c> (whole seconds) on per-second 429s. Default false (real RapidAPI often doesn't).</summary>
    public bool SendRetryAfter { get; set; }

    /// <summary>Fixed latency added to every <c>/agents/*</c> response. Default zero.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Extra latency, uniform in [0, jitter), reproducible per request. Default zero.</summary>
    public TimeSpan LatencyJitter { get; set; }

    /// <summary>How long a "hang" fault stalls before responding. Default 30 s (past a typical client timeout).</summary>
    public TimeSpan HangDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per-fault probabilities. Default <see cref="FaultRates.None"/>.</summary>
    public FaultRates Faults { get; set; } = FaultRates.None;

    /// <summary>Seed of the fault decisions. Default null: <see cref="Seed"/>.</summary>
    public int? FaultSeed { get; set; }

    /// <summary>How often each real-world trait shows in the generated world. Default <see cref="WorldTraits.Default"/>.</summary>
    public WorldTraits Traits { get; set; } = WorldTraits.Default;

    /// <summary>
    /// The largest <c>offset</c> <c>/agents/list</c> accepts; a larger one is answered 400
    /// <c>{"message":"offset must be &lt;= N"}</c> (a provider cap on how deep a market can be read). Default null: no cap.
    /// </summary>
    public int? OffsetCap { get; set; }

    /// <summary>Named departures from the contract to serve (<see cref="DriftNames"/>; combinable). Default none.</summary>
    public IReadOnlyList<string> Drift { get; set; } = [];

    /// <summary>How many served <c>/agents/*</c> requests <c>/__sim/requests</c> keeps (the newest). Default 500,000.</summary>
    public int RequestLogCapacity { get; set; } = 500_000;

    /// <summary>Agent feeds kept in the LRU cache. Default 4,096.</summary>
    public int FeedCacheCapacity { get; set; } = 4096;

    /// <summary>Generated 16-agent blocks kept in the LRU cache. Default 1,024.</summary>
    public int BlockCacheCapacity { get; set; } = 1024;

    /// <summary>Clock for the rate limiter, latency and the default <see cref="Today"/>. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The fault seed in effect.</summary>
    public int EffectiveFaultSeed => FaultSeed ?? Seed;

    /// <summary>The drift modes of <see cref="Drift"/> (valid options only).</summary>
    internal DriftMode DriftModes => DriftNames.Parse(Drift ?? [], []);

    /// <summary>Every problem with these options, in one message.</summary>
    /// <exception cref="ArgumentException">Any option is out of range.</exception>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid simulator options: " + string.Join(" ", problems));
        }
    }

    /// <summary>Every problem with these options, one sentence each (empty when they are valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"Port must be 0..65535 (was {Port}).");
        }

        if (Agents is < 1 or > 1_000_000)
        {
            problems.Add($"Agents must be 1..1,000,000 (was {Agents}).");
        }

        if (Today is { } today && (today.Year < 1900 || today.Year > 9000))
        {
            problems.Add($"Today must be in the years 1900..9000 (was {today:yyyy-MM-dd}).");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add("ApiKey must not be empty.");
        }

        if (UnsubscribedKeys is null || UnsubscribedKeys.Contains(ApiKey))
        {
            problems.Add("UnsubscribedKeys must be set and must not contain ApiKey.");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("Host must not be empty.");
        }

        if (double.IsNaN(RatePerSecond) || RatePerSecond < 0)
        {
            problems.Add($"RatePerSecond must be >= 0 (was {RatePerSecond}).");
        }

        if (PeriodQuota < 0)
        {
            problems.Add($"PeriodQuota must be >= 0 (was {PeriodQuota}).");
        }

        if (Latency < TimeSpan.Zero || LatencyJitter < TimeSpan.Zero || HangDuration < TimeSpan.Zero)
        {
            problems.Add("Latency, LatencyJitter and HangDuration must not be negative.");
        }

        if (Faults is null)
        {
            problems.Add("Faults must be set (FaultRates.None for none).");
        }
        else
        {
            problems.AddRange(Faults.Validate());
        }

        if (QuotaPeriod <= TimeSpan.Zero)
        {
            problems.Add($"QuotaPeriod must be positive (was {QuotaPeriod}).");
        }

        if (Traits is null)
        {
            problems.Add("Traits must be set (WorldTraits.Default for the defaults).");
        }
        else
        {
            problems.AddRange(Traits.Validate());
        }

        if (OffsetCap < 0)
        {
            problems.Add($"OffsetCap must be >= 0 (was {OffsetCap}).");
        }

        if (Drift is null)
        {
            problems.Add("Drift must be set (empty for none).");
        }
        else
        {
            DriftNames.Parse(Drift, problems);
        }

        if (RequestLogCapacity < 0 || FeedCacheCapacity < 1 || BlockCacheCapacity < 1)
        {
            problems.Add("RequestLogCapacity must be >= 0 and the cache capacities >= 1.");
        }

        if (TimeProvider is null)
        {
            problems.Add("TimeProvider must be set.");
        }

        return problems;
    }
}
