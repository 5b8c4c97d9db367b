using System.Collections.Frozen;
using System.Text.Json;
using PropGrade.Core.Runs;
using PropGrade.Core.Secrets;
using PropGrade.ListingApi;
using PropGrade.Simulator;

namespace PropGrade.Local.Orchestration;

/// <summary>
/// The default composition: without <see cref="LocalEngineOptions.ApiBase"/>, the embedded simulator started
/// in-process (real HTTP on 127.0.0.1) and the HTTP client pointed at it with the simulator's key; with it, the
/// client pointed at that API with the key from <see cref="LocalEngineOptions.ApiKeyEnvironmentVariable"/>.
/// </summary>
internal sealed class DefaultSourceConnector(LocalEngineOptions options) : ISourceConnector
{
    /// <summary>Client rate when none is given and the source is the embedded simulator: effectively unthrottled.</summary>
    public const double EmbeddedRequestsPerSecond = 10_000;

    private SimulatorHost? _simulator;
    private ListingApiClient? _client;

    /// <summary>The running embedded simulator, once connected (null with an API base).</summary>
    public SimulatorHost? Simulator => _simulator;

    public async Task<SourceConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        Uri baseAddress;
        IApiKeyProvider keys;
        DateOnly today;
        double defaultRate;
        if (options.ApiBase is null)
        {
            _simulator = await SimulatorHost.StartAsync(options.Simulator, cancellationToken).ConfigureAwait(false);
            baseAddress = _simulator.BaseAddress;
            keys = new StaticApiKeyProvider(_simulator.Options.ApiKey);
            today = _simulator.Today;
            defaultRate = EmbeddedRequestsPerSecond;
        }
        else
        {
            baseAddress = options.ApiBase.AbsoluteUri.EndsWith('/') ? options.ApiBase : new Uri(options.ApiBase.AbsoluteUri + "/");
            keys = new EnvironmentApiKeyProvider(options.ApiKeyEnvironmentVariable);
            today = DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
            defaultRate = new ListingApiOptions().RequestsPerSecond;
        }

        var rate = options.RequestsPerSecond ?? defaultRate;
        var clientOptions = new ListingApiOptions
        {
            BaseAddress = baseAddress,
            Host = options.ApiBase is null ? _simulator!.Options.Host : options.Host,
            RequestsPerSecond = rate,
            // Under a real rate, a small burst (1 at the BASIC plan's 5 req/s, 2 at 50 req/s) lets a late timer catch up
            // without bunching requests past the server's bucket (which then answers 429 and halves the client rate).
            Burst = rate >= 1000 ? (int)Math.Min(rate / 10, 1000) : Math.Max(1, (int)(rate / 20)),
            MaxConnections = Math.Max(32, options.Concurrency * 2),
        };
        options.ConfigureClient?.Invoke(clientOptions);
        _client = new ListingApiClient(clientOptions, keys, options.TimeProvider);
        var (markets, places, simToday) = await ReadSimulatorMarketsAsync(baseAddress, cancellationToken).ConfigureAwait(false);
        var metrics = _client.Metrics;
        return new SourceConnection(
            _client,
            markets,
            options.ApiBase is null ? today : simToday ?? today,
            () => new SourceMetrics(metrics.RequestsSent, metrics.Throttled, metrics.Retries),
            options.ApiBase is null ? $"embedded simulator at {baseAddress} ({options.Simulator.Agents:N0} agents)" : baseAddress.GetLeftPart(UriPartial.Authority))
        {
            MarketPlaces = places,
            RequestsPerSecond = rate,
            Quota = () => metrics.LastQuota,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The simulator's markets (with their city and state, for display) and today from <c>/__sim/markets</c>; a real API
    /// has no such route, and then runs must name their markets (or a roster).
    /// </summary>
    private static async Task<(IReadOnlyList<string> Markets, IReadOnlyDictionary<string, MarketPlace> Places, DateOnly? Today)> ReadSimulatorMarketsAsync(
        Uri baseAddress, CancellationToken cancellationToken)
    {
        try
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
            using var response = await http.GetAsync(new Uri("__sim/markets", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ([], FrozenDictionary<string, MarketPlace>.Empty, null);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            var markets = new List<string>();
            var places = new Dictionary<string, MarketPlace>(StringComparer.Ordinal);
            foreach (var m in document.RootElement.GetProperty("markets").EnumerateArray())
            {
                var zip = m.GetProperty("postal_code").GetString()!;
                markets.Add(zip);
                if (m.TryGetProperty("city", out var city) && city.ValueKind == JsonValueKind.String
                    && m.TryGetProperty("state_code", out var state) && state.ValueKind == JsonValueKind.String)
                {
                    places[zip] = new MarketPlace(city.GetString()!, state.GetString()!);
                }
            }

            DateOnly? today = document.RootElement.TryGetProperty("today", out var t) && DateOnly.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            return (markets, places.ToFrozenDictionary(StringComparer.Ordinal), today);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException or InvalidOperationException)
        {
            return ([], FrozenDictionary<string, MarketPlace>.Empty, null);
        }
    }
}
