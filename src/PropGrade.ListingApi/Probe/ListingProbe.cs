using PropGrade.Core.Secrets;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// <c>propgrade probe</c>: checks listing-API contract revision 2 (every [A] statement, and every field the grader
/// needs) against a real API with the user's key, in a budget known before the first call (<see cref="Budget"/>). Every
/// request goes through the client's own <see cref="ListingApiClient"/> (key header, rate limiter, timeouts, sanitised
/// recording) and every body through the client's own mapper; the raw responses are kept as samples, the key removed.
/// </summary>
public sealed class ListingProbe : IDisposable
{
    private readonly ProbeOptions _options;
    private readonly IApiKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly ListingApiClient _client;

    public ListingProbe(ProbeOptions options, IApiKeyProvider keyProvider, TimeProvider? timeProvider = null)
        : this(options, keyProvider, timeProvider, handler: null)
    {
    }

    internal ListingProbe(ProbeOptions options, IApiKeyProvider keyProvider, TimeProvider? timeProvider, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyProvider);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _keys = keyProvider;
        _time = timeProvider ?? TimeProvider.System;
        Budget = ProbeBudget.For(options);
        _client = new ListingApiClient(ClientOptions(options), keyProvider, _time, handler, random: null);
    }

    /// <summary>The most the probe will spend; known before the first call.</summary>
    public ProbeBudget Budget { get; }

    /// <summary>
    /// Runs the probe: at most <see cref="ProbeBudget.Requests"/> requests. <paramref name="onCall"/> hears of each
    /// request as it completes (for progress lines).
    /// </summary>
    public Task<ProbeReport> RunAsync(Action<ProbeCall>? onCall = null, CancellationToken cancellationToken = default) =>
        new ProbeSession(_options, Budget, _client, _keys, _time, onCall).ExecuteAsync(cancellationToken);

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The client as the probe uses it: no retries of its own (the probe re-sends transient failures from its budget,
    /// so every request is counted), a circuit that never opens (the budget bounds the calls), the API's base and host.
    /// </summary>
    internal static ListingApiOptions ClientOptions(ProbeOptions options) => new()
    {
        BaseAddress = options.BaseAddress,
        Host = options.Host,
        RequestsPerSecond = options.RequestsPerSecond,
        Burst = 1,
        MaxRetryAttempts = 0,
        AttemptTimeout = options.AttemptTimeout,
        TotalTimeout = options.AttemptTimeout + TimeSpan.FromSeconds(5),
        CircuitFailureThreshold = 1_000,
        DiscoveryPageSize = Provider.ListingApiUrls.MaxDiscoveryLimit,
        MaxConnections = 4,
    };
}
