using PropGrade.Core.Listings;

namespace PropGrade.ListingApi.Tests.Support;

internal static class TestClients
{
    public const string Key = "test-secret-key-7f3a9c";

    /// <summary>Options that make retries and pacing near-instant.</summary>
    public static ListingApiOptions FastOptions(Action<ListingApiOptions>? configure = null)
    {
        var options = new ListingApiOptions
        {
            BaseAddress = new Uri("http://api.test/"),
            RequestsPerSecond = 1000,
            Burst = 10,
            MaxRetryAttempts = 3,
            BaseDelay = TimeSpan.FromMilliseconds(1),
            MaxDelay = TimeSpan.FromMilliseconds(5),
            // Long enough that a scripted answer is never cut on a loaded machine (at 300 ms a plain 503 was, under
            // load average 20); the tests of the attempt timeout set their own, on a FakeTimeProvider.
            AttemptTimeout = TimeSpan.FromSeconds(5),
            TotalTimeout = TimeSpan.FromSeconds(10),
            CircuitFailureThreshold = 100,
            ThrottlePatience = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return options;
    }

    public static ListingApiClient Create(ScriptedHandler handler, Action<ListingApiOptions>? configure = null) =>
        new(FastOptions(configure), new FixedKeyProvider(Key), TimeProvider.System, handler, new Random(7));

    /// <summary>A client on <paramref name="time"/> (a FakeTimeProvider the test drives), which also stamps what the handler sees.</summary>
    public static ListingApiClient Create(TimeProvider time, ScriptedHandler handler, Action<ListingApiOptions>? configure = null)
    {
        handler.Time = time;
        return new(FastOptions(configure), new FixedKeyProvider(Key), time, handler, new Random(7));
    }

    public static FetchContext Context(ListRecorder recorder, string stage = "profile", string? agentId = "1") =>
        new("run-1", stage, agentId, recorder);
}
