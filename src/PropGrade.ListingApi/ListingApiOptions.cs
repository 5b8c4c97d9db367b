namespace PropGrade.ListingApi;

/// <summary>
/// Settings of <see cref="ListingApiClient"/>. Plain properties with documented defaults; call <see cref="Validate"/>
/// once (the client does). The defaults fit the RapidAPI BASIC plan (5 requests per second).
/// </summary>
public sealed class ListingApiOptions
{
    /// <summary>The API base, ending in '/'. Default <c>https://realty-in-us.p.rapidapi.com/</c>.</summary>
    public Uri BaseAddress { get; set; } = new("https://realty-in-us.p.rapidapi.com/");

    /// <summary>Sent as <c>X-RapidAPI-Host</c>. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string Host { get; set; } = "realty-in-us.p.rapidapi.com";

    /// <summary>
    /// The plan's rate (every attempt, retries included), requests per second. The client paces just below it
    /// (<see cref="RateHeadroom"/>) and adopts the server's <c>x-ratelimit-limit</c> instead when that is lower (never
    /// higher). Default 5 (RapidAPI BASIC).
    /// </summary>
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>
    /// Pace this fraction below the plan's rate (configured or adopted), so that timer and network jitter do not push
    /// two starts closer than the server allows. 0..0.5. Default 0.02 (5 req/s plan: one start every 204 ms).
    /// </summary>
    public double RateHeadroom { get; set; } = 0.02;

    /// <summary>
    /// The window the server's <c>x-ratelimit-limit</c> counts requests in (RapidAPI's per-second limit: 1 s). Its
    /// rate is limit / window. Default 1 s.
    /// </summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many requests may start back to back after an idle spell. Default 1 (strict pacing).</summary>
    public int Burst { get; set; } = 1;

    /// <summary>
    /// Fault retries after the first attempt (5xx, bot 403, resets, timeouts, unreadable bodies, transient empty pages,
    /// circuit open). Per-second 429s do not spend it (see <see cref="ThrottlePatience"/>). Default 5.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>
    /// How long one call keeps retrying per-second 429s, counted from its first 429: each retry waits for the server's
    /// reset (<c>Retry-After</c> when honoured, else <c>x-ratelimit-reset</c>, else backoff) and then for a permit of the
    /// slowed-down limiter. Separate from <see cref="MaxRetryAttempts"/>. Zero: a 429 is not retried. Default 3 minutes.
    /// </summary>
    public TimeSpan ThrottlePatience { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Backoff base: retry n waits a random time in [0, min(MaxDelay, BaseDelay * 2^n)] (full jitter). Default 250 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of one backoff delay. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether a 429's <c>Retry-After</c> sets the retry delay (capped at <see cref="MaxRetryAfter"/>); otherwise <c>x-ratelimit-reset</c> does. Default true.</summary>
    public bool HonorRetryAfter { get; set; } = true;

    /// <summary>The longest wait for a 429's <c>Retry-After</c> or <c>x-ratelimit-reset</c>. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One HTTP attempt, headers and body. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One logical call's own time: its attempts and fault backoff delays. Waiting for a permit and waiting out a 429
    /// are not counted (they are never failures; <see cref="ThrottlePatience"/> bounds the latter). An attempt running
    /// when the budget ends is cut, recorded and the call fails with <c>timeout</c>. Default 90 s.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The circuit opens when this many attempts in a row (within <see cref="CircuitSamplingDuration"/>, no success
    /// between them) failed with a 5xx, bot-detector 403, timeout, reset or unreadable body. Default 10 (at least 2).
    /// </summary>
    public int CircuitFailureThreshold { get; set; } = 10;

    /// <summary>The window in which <see cref="CircuitFailureThreshold"/> failures are counted. Default 30 s.</summary>
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one half-open probe is let through. Default 5 s.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On a per-second 429 the shared pacing rate is multiplied by this (once per congestion event: 429s for requests
    /// sent before the last slowdown do not slow it again). Default 0.5.
    /// </summary>
    public double RateDecreaseFactor { get; set; } = 0.8;

    /// <summary>
    /// Each response that is not a 429 multiplies the rate by (1 + this) until the target (the plan's rate less
    /// <see cref="RateHeadroom"/>) is reached again: from half the rate back to full in about 8 responses. Default 0.1.
    /// </summary>
    public double RateRecoveryStep { get; set; } = 0.1;

    /// <summary>The adaptive rate never drops below this fraction of the plan's rate. Default 0.25.</summary>
    public double MinRateFraction { get; set; } = 0.25;

    /// <summary>Pooled connections to the API. Default 32.</summary>
    public int MaxConnections { get; set; } = 32;

    /// <summary><c>limit</c> of <c>/agents/list</c> (the provider's maximum is 20). Default 20.</summary>
    public int DiscoveryPageSize { get; set; } = 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || !BaseAddress.AbsolutePath.EndsWith('/'))
        {
            throw new ArgumentException("BaseAddress must be an absolute URI ending in '/'.", nameof(BaseAddress));
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host (X-RapidAPI-Host) must be set.", nameof(Host));
        }

        Positive(RequestsPerSecond, nameof(RequestsPerSecond));
        if (!(RateHeadroom >= 0 && RateHeadroom < 0.5))
        {
            throw new ArgumentException("RateHeadroom must be in [0, 0.5).", nameof(RateHeadroom));
        }

        Positive(RateLimitWindow, nameof(RateLimitWindow));
        if (Burst < 1)
        {
            throw new ArgumentException("Burst must be at least 1.", nameof(Burst));
        }

        if (MaxRetryAttempts is < 0 or > 20)
        {
            throw new ArgumentException("MaxRetryAttempts must be between 0 and 20.", nameof(MaxRetryAttempts));
        }

        if (ThrottlePatience < TimeSpan.Zero)
        {
            throw new ArgumentException("ThrottlePatience must not be negative.", nameof(ThrottlePatience));
        }

        Positive(BaseDelay, nameof(BaseDelay));
        if (MaxDelay < BaseDelay)
        {
            throw new ArgumentException("MaxDelay must be at least BaseDelay.", nameof(MaxDelay));
        }

        Positive(MaxRetryAfter, nameof(MaxRetryAfter));
        Positive(AttemptTimeout, nameof(AttemptTimeout));
        if (TotalTimeout < AttemptTimeout)
        {
            throw new ArgumentException("TotalTimeout must be at least AttemptTimeout.", nameof(TotalTimeout));
        }

        if (CircuitFailureThreshold < 2)
        {
            throw new ArgumentException("CircuitFailureThreshold must be at least 2.", nameof(CircuitFailureThreshold));
        }

        if (CircuitSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentException("CircuitSamplingDuration must be at least 500 ms.", nameof(CircuitSamplingDuration));
        }

        if (CircuitBreakDuration < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentException("CircuitBreakDuration must be at least 500 ms.", nameof(CircuitBreakDuration));
        }

        if (RateDecreaseFactor is <= 0 or >= 1)
        {
            throw new ArgumentException("RateDecreaseFactor must be in (0, 1).", nameof(RateDecreaseFactor));
        }

        if (RateRecoveryStep is <= 0 or > 1)
        {
            throw new ArgumentException("RateRecoveryStep must be in (0, 1].", nameof(RateRecoveryStep));
        }

        if (MinRateFraction is <= 0 or > 1)
        {
            throw new ArgumentException("MinRateFraction must be in (0, 1].", nameof(MinRateFraction));
        }

        if (MaxConnections < 1)
        {
            throw new ArgumentException("MaxConnections must be at least 1.", nameof(MaxConnections));
        }

        if (DiscoveryPageSize is < 1 or > 20)
        {
            throw new ArgumentException("DiscoveryPageSize must be between 1 and 20.", nameof(DiscoveryPageSize));
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"{name} must be a positive number.", name);
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive.", name);
        }
    }
}
