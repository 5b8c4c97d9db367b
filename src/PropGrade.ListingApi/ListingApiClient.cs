using System.Net;
using System.Runtime.CompilerServices;
using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Core.Secrets;
using PropGrade.ListingApi.Provider;
using PropGrade.ListingApi.Resilience;
using PropGrade.ListingApi.Secrets;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace PropGrade.ListingApi;

/// <summary>
/// The typed, resilient client of the listing API (<see cref="IListingSource"/>). Every call goes through one Polly
/// pipeline, outermost first: retry (faults: full-jitter backoff within MaxRetryAttempts; per-second 429s: the server's
/// reset within ThrottlePatience) -> pacing rate limiter (a permit per attempt) -> total timeout (the call's remaining
/// budget) -> circuit breaker -> attempt timeout. Every attempt, failed ones included, is recorded to the call's
/// <see cref="FetchContext.Recorder"/> as a <see cref="RawExchange"/>: no key in the URL, and the key in any form a
/// server could echo it (<see cref="KeyScrubber"/>) masked in the response's headers and body before anything reads
/// them, so neither the record, the mapped values nor an error message can carry it. The client owns
/// HTTP retries; callers (stages, Step Functions) must not retry HTTP again. One instance per API key; thread-safe.
/// </summary>
public sealed class ListingApiClient : IListingSource, IDisposable
{
    private const string KeyHeader = "X-RapidAPI-Key";
    private const string HostHeader = "X-RapidAPI-Host";
    private static readonly ResiliencePropertyKey<CallState> StateKey = new("propgrade.call");

    private readonly ListingApiOptions _options;
    private readonly IApiKeyProvider _keys;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly AdaptiveRateLimiter _limiter;
    private readonly ResiliencePipeline<AttemptOutcome> _pipeline;
    private readonly Random _random;
    private readonly Lock _randomGate = new();
    private KeyScrubber _scrubber = KeyScrubber.None;

    public ListingApiClient(ListingApiOptions options, IApiKeyProvider keyProvider, TimeProvider? timeProvider = null)
        : this(options, keyProvider, timeProvider, handler: null, random: null)
    {
    }

    internal ListingApiClient(ListingApiOptions options, IApiKeyProvider keyProvider, TimeProvider? timeProvider, HttpMessageHandler? handler, Random? random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keyProvider);
        options.Validate();
        _options = options;
        _keys = keyProvider;
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? new Random();
        _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true)
        {
            BaseAddress = options.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _limiter = new AdaptiveRateLimiter(options, _time);
        Metrics = new ListingApiMetrics();
        Metrics.AttachLimiter(_limiter);
        _pipeline = BuildPipeline();
    }

    /// <summary>Requests, 429s, retries and faults so far.</summary>
    public ListingApiMetrics Metrics { get; }

    public ListingApiOptions Options => _options;

    public Task<AgentPage> GetAgentPageAsync(string postalCode, int offset, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postalCode);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentNullException.ThrowIfNull(context);
        var limit = _options.DiscoveryPageSize;
        return SendAsync<AgentPage>(
            ListingApiUrls.Discover(postalCode, offset, limit),
            offset,
            context,
            body => RealtyInUsMapper.MapAgentPage(body, offset, limit),
            p => p.Agents.Count == 0 && p.Offset < p.MatchingRows,
            cancellationToken);
    }

    public Task<AgentProfile> GetProfileAsync(RosterEntry agent, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(context);
        return SendAsync<AgentProfile>(
            ListingApiUrls.Profile(agent),
            page: null,
            context,
            body => RealtyInUsMapper.MapProfile(body),
            _ => false,
            cancellationToken);
    }

    public Task<ListingPage> GetListingPageAsync(ListingsKey agent, ListingKind kind, int page, int distinctBefore, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfNegative(distinctBefore);
        if (page is < 1 or > ListingApiUrls.MaxListingsPage)
        {
            // The provider answers 400 here; no need to spend a request on it.
            return Task.FromException<ListingPage>(new BadRequestApiException(
                "http_400",
                $"Listing page {page} cannot be read: the listing API serves pages 1 to {ListingApiUrls.MaxListingsPage} only."));
        }

        return SendAsync<ListingPage>(
            ListingApiUrls.Listings(agent, kind, page),
            page,
            context,
            body => RealtyInUsMapper.MapListingPage(body, kind, page),
            p => IsTransientlyEmpty(p, distinctBefore),
            cancellationToken);
    }

    /// <summary>
    /// One GET of <paramref name="url"/> (path + query, relative to the base) through the same pipeline as every other
    /// call (key header, rate limiter, timeouts, classification, sanitised recording), the body returned unmapped.
    /// For <c>propgrade probe</c>'s checks of endpoints the client does not otherwise call (the v2 agent endpoints).
    /// </summary>
    internal Task<byte[]> GetRawAsync(string url, FetchContext context, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentNullException.ThrowIfNull(context);
        return SendAsync<byte[]>(url, page: null, context, static body => body, static _ => false, cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _limiter.Dispose();
    }

    /// <summary>
    /// "Transient empty page": no results although the distinct listing ids read on the pages before have not reached
    /// <c>total</c> (never a page size). A real past-the-end page is not transient. An empty page that stays empty after
    /// the retries fails the call (<c>empty_page</c>): the agent is marked incomplete, never silently complete.
    /// </summary>
    internal static bool IsTransientlyEmpty(ListingPage page, int distinctBefore) =>
        page.Listings.Count == 0 && distinctBefore < page.Total;

    private static SocketsHttpHandler CreateHandler(ListingApiOptions options) => new()
    {
        MaxConnectionsPerServer = options.MaxConnections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectTimeout = options.AttemptTimeout,
    };

    private async Task<T> SendAsync<T>(string url, int? page, FetchContext context, Func<byte[], T> map, Func<T, bool> isTransientlyEmpty, CancellationToken cancellationToken)
        where T : class
    {
        var state = new CallState(this, url, page, context, body => map(body), value => isTransientlyEmpty((T)value));
        var resilience = ResilienceContextPool.Shared.Get(cancellationToken);
        resilience.Properties.Set(StateKey, state);
        AttemptOutcome outcome;
        try
        {
            outcome = await _pipeline.ExecuteAsync(static (ctx, s) => s.Client.AttemptAsync(s, ctx.CancellationToken), resilience, state);
        }
        catch (TimeoutRejectedException ex)
        {
            Metrics.CallFailed();
            throw new TransientApiException("timeout", $"The listing API did not answer {url} within the call's time budget ({_options.TotalTimeout.TotalSeconds:0.#} s, {state.Attempts} attempts); the agent is marked incomplete.", ex);
        }
        catch (BrokenCircuitException ex)
        {
            RecordRejection(state, "fail:circuit_open");
            Metrics.CallFailed();
            var failure = FailureMessages.Exhausted("circuit_open", url, state.Attempts);
            throw new TransientApiException(failure.Reason, failure.Message, ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(resilience);
        }

        if (outcome.IsSuccess)
        {
            Metrics.CallSucceeded();
            return (T)outcome.Value!;
        }

        Metrics.CallFailed();
        if (outcome.Failure is { } fail)
        {
            throw fail;
        }

        throw outcome.IsThrottled && state.ThrottlePatienceExhausted
            ? FailureMessages.ThrottlePatienceExhausted(url, state.Attempts, _options.ThrottlePatience)
            : FailureMessages.Exhausted(outcome.Reason, url, state.Attempts);
    }

    /// <summary>
    /// One HTTP attempt, run after the limiter granted its permit, inside the breaker and both timeouts. Every attempt
    /// that sends a request is recorded exactly once, whatever ends it (answer, reset, attempt or call timeout,
    /// caller cancellation, an unexpected error); its duration counts toward the call's <c>TotalTimeout</c> unless it
    /// was a per-second 429.
    /// </summary>
    private async ValueTask<AttemptOutcome> AttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        var began = _time.GetTimestamp();
        var throttled = false;
        try
        {
            var outcome = await SendOnceAsync(state, cancellationToken);
            throttled = outcome.IsThrottled;
            return outcome;
        }
        finally
        {
            if (!throttled)
            {
                state.Spent += _time.GetElapsedTime(began);
            }
        }
    }

    private async ValueTask<AttemptOutcome> SendOnceAsync(CallState state, CancellationToken cancellationToken)
    {
        string apiKey;
        try
        {
            apiKey = await _keys.GetApiKeyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // No request was sent: nothing to record. A missing key ends the run with the provider's explanation.
            return AttemptOutcome.Fail(new ApiAuthException("auth_no_key", $"No listing API key could be read: {ex.Message}", ex));
        }

        var attempt = state.NextAttempt();
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        int? status = null;
        IReadOnlyDictionary<string, string> headers = EmptyHeaders;
        using var received = new MemoryStream();
        var recorded = false;
        Metrics.RequestSent();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, state.Url.TrimStart('/'));
            request.Headers.TryAddWithoutValidation(KeyHeader, apiKey);
            request.Headers.TryAddWithoutValidation(HostHeader, _options.Host);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var answered = _time.GetTimestamp();
            status = (int)response.StatusCode;
            var scrubber = ScrubberFor(apiKey);
            headers = HeaderSanitizer.Copy(response, scrubber);
            var signal = RateLimitSignal.Read(response, _time.GetUtcNow());
            if (QuotaHeaders.Read(response, _time.GetUtcNow()) is { } quota)
            {
                Metrics.QuotaSeen(quota);
            }

            if (!_options.HonorRetryAfter)
            {
                signal = signal with { RetryAfter = null };
            }

            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                await body.CopyToAsync(received, cancellationToken);
            }

            var bytes = scrubber.Scrub(received.ToArray());
            var outcome = ResponseClassifier.Classify(status.Value, state.Url, response.Content.Headers.ContentType?.MediaType, bytes, signal, state, scrubber);
            if (status == 429)
            {
                Metrics.ThrottledResponse();
            }

            // The quota 429 stops the run and says nothing about the per-second window: it neither slows nor recovers.
            if (outcome.IsThrottled || outcome.Reason != "quota_exhausted")
            {
                _limiter.OnResponse(signal, started, outcome.IsThrottled, answered, fullAnswer: status is >= 200 and < 300);
            }

            if (!outcome.IsSuccess)
            {
                Metrics.Fault(outcome.Reason);
            }

            recorded = true;
            Record(state, attempt, status, headers, bytes, startedAt, started, outcome.Classification, error: null);
            return outcome;
        }
        catch (OperationCanceledException) when (!recorded)
        {
            // Cut by the attempt timeout, the call's budget or the caller; or the handler gave up on its own.
            Metrics.Fault("timeout");
            Record(state, attempt, status, headers, ScrubberFor(apiKey).Scrub(received.ToArray()), startedAt, started, "retry:timeout", "No complete answer before the attempt was cancelled (attempt timeout, call budget or caller).");
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return AttemptOutcome.Retry("timeout", countsAsFailure: true);
        }
        catch (Exception ex) when (!recorded && (ex is HttpRequestException or IOException))
        {
            Metrics.Fault("reset");
            var outcome = AttemptOutcome.Retry("reset", countsAsFailure: true);
            Record(state, attempt, status, headers, ScrubberFor(apiKey).Scrub(received.ToArray()), startedAt, started, outcome.Classification, ScrubberFor(apiKey).Scrub(ex.Message));
            return outcome;
        }
        catch (Exception ex) when (!recorded)
        {
            // A defect of ours (mapping, recording): still on the audit trail, then surfaced as is.
            Metrics.Fault("client_error");
            Record(state, attempt, status, headers, ScrubberFor(apiKey).Scrub(received.ToArray()), startedAt, started, "fail:client_error", ScrubberFor(apiKey).Scrub(ex.Message));
            throw;
        }
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyHeaders = new Dictionary<string, string>();

    private void Record(CallState state, int attempt, int? status, IReadOnlyDictionary<string, string> headers, byte[] body, DateTimeOffset startedAt, long started, string classification, string? error)
    {
        var context = state.Context;
        Metrics.AttemptRecorded();
        context.Recorder.Record(new RawExchange(
            context.RunId,
            context.Stage,
            context.AgentId,
            state.Page,
            attempt,
            "GET",
            state.Url,
            status,
            headers,
            body,
            startedAt,
            _time.GetElapsedTime(started).TotalMilliseconds,
            classification,
            error));
    }

    /// <summary>An attempt the open circuit refused: no request was sent, but the audit trail still shows it.</summary>
    private void RecordRejection(CallState state, string classification)
    {
        Metrics.Fault("circuit_open");
        var attempt = state.NextAttempt();
        var now = _time.GetUtcNow();
        Record(state, attempt, status: null, EmptyHeaders, [], now, _time.GetTimestamp(), classification, "Circuit open: no request sent.");
    }

    /// <summary>The scrubber of <paramref name="apiKey"/>: built once per key (a rotated key gets a new one).</summary>
    private KeyScrubber ScrubberFor(string apiKey)
    {
        var current = Volatile.Read(ref _scrubber);
        if (current.IsFor(apiKey))
        {
            return current;
        }

        var fresh = new KeyScrubber(apiKey);
        Volatile.Write(ref _scrubber, fresh);
        return fresh;
    }

    /// <summary>
    /// Outermost first: retry (fault budget and throttle patience, one strategy) -> rate limiter (a permit per
    /// attempt) -> total timeout (what is left of the call's budget) -> circuit breaker -> attempt timeout. The permit
    /// wait sits outside both timeouts and the breaker: it can neither time an attempt out nor count as a failure.
    /// See docs/listing-client.md, "Pipeline order".
    /// </summary>
    private ResiliencePipeline<AttemptOutcome> BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder<AttemptOutcome> { TimeProvider = _time };
        builder.AddRetry(new RetryStrategyOptions<AttemptOutcome>
        {
            // No fixed count: ShouldRetry applies the two budgets (MaxRetryAttempts for faults, ThrottlePatience for 429s).
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context.Properties.GetValue(StateKey, null!), args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(StateKey, null!).NextDelay),
            OnRetry = args =>
            {
                var state = args.Context.Properties.GetValue(StateKey, null!);
                if (args.Outcome.Result is { IsThrottled: true })
                {
                    state.ThrottleRetries++;
                    Metrics.ThrottleRetryScheduled(args.RetryDelay);
                    return ValueTask.CompletedTask;
                }

                state.FaultRetries++;
                state.Spent += args.RetryDelay;
                Metrics.FaultRetryScheduled();
                if (args.Outcome.Exception is BrokenCircuitException)
                {
                    RecordRejection(state, "retry:circuit_open");
                }

                return ValueTask.CompletedTask;
            },
        });
        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args => AcquirePermitAsync(args.Context.CancellationToken),
        });
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            TimeoutGenerator = args => ValueTask.FromResult(RemainingBudget(args.Context.Properties.GetValue(StateKey, null!))),
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<AttemptOutcome>
        {
            FailureRatio = 1.0,
            MinimumThroughput = _options.CircuitFailureThreshold,
            SamplingDuration = _options.CircuitSamplingDuration,
            BreakDuration = _options.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: TimeoutRejectedException } => true,
                { Result.CountsAsFailure: true } => true,
                _ => false,
            }),
            OnOpened = _ =>
            {
                Metrics.CircuitOpened();
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(_options.AttemptTimeout);
        return builder.Build();
    }

    private async ValueTask<System.Threading.RateLimiting.RateLimitLease> AcquirePermitAsync(CancellationToken cancellationToken)
    {
        var asked = _time.GetTimestamp();
        var lease = await _limiter.AcquireAsync(1, cancellationToken);
        Metrics.PermitWaited(_time.GetElapsedTime(asked));
        return lease;
    }

    /// <summary>What is left of the call's <c>TotalTimeout</c> for the next attempt (the retry never starts one with nothing left).</summary>
    private TimeSpan RemainingBudget(CallState state)
    {
        var left = _options.TotalTimeout - state.Spent;
        return left > TimeSpan.FromMilliseconds(1) ? left : TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// The retry predicate. A per-second 429 is retried while the call's throttle patience lasts, after the server's
    /// reset; faults (retryable outcomes, attempt timeouts, circuit open) while <c>MaxRetryAttempts</c> and the call's
    /// time budget last, after full-jitter backoff. Chooses the delay (<see cref="CallState.NextDelay"/>).
    /// </summary>
    private bool ShouldRetry(CallState state, Outcome<AttemptOutcome> outcome)
    {
        if (outcome.Result is { IsThrottled: true } throttled)
        {
            var now = _time.GetTimestamp();
            state.FirstThrottled ??= now;
            var delay = ThrottleDelay(state.ThrottleRetries, throttled.Throttle!);
            if (_time.GetElapsedTime(state.FirstThrottled.Value, now) + delay > _options.ThrottlePatience)
            {
                state.ThrottlePatienceExhausted = true;
                return false;
            }

            state.NextDelay = delay;
            return true;
        }

        var fault = outcome switch
        {
            { Exception: TimeoutRejectedException or BrokenCircuitException } => true,
            { Result.IsRetryable: true } => true,
            _ => false,
        };
        if (!fault || state.FaultRetries >= _options.MaxRetryAttempts)
        {
            return false;
        }

        var backoff = RetryDelay(state.FaultRetries);
        if (state.Spent + backoff >= _options.TotalTimeout)
        {
            return false; // the call's budget is spent (an attempt cut by it ends here too)
        }

        state.NextDelay = backoff;
        return true;
    }

    /// <summary>
    /// How long a throttled request waits before it asks the limiter again: the server's word (Retry-After when
    /// honoured, else x-ratelimit-reset), capped at MaxRetryAfter; without either, full-jitter backoff.
    /// </summary>
    private TimeSpan ThrottleDelay(int throttleRetries, RateLimitSignal signal)
    {
        if (signal.ServerWait is { } serverSaid)
        {
            return serverSaid < _options.MaxRetryAfter ? serverSaid : _options.MaxRetryAfter;
        }

        return RetryDelay(throttleRetries);
    }

    /// <summary>Full jitter: random in [0, min(MaxDelay, BaseDelay * 2^n)].</summary>
    private TimeSpan RetryDelay(int retry)
    {
        var ceiling = Math.Min(_options.MaxDelay.TotalMilliseconds, _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double fraction;
        lock (_randomGate)
        {
            fraction = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(ceiling * fraction);
    }
}
