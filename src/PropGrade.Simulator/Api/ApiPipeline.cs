using System.Text;
using Microsoft.AspNetCore.Http;
using PropGrade.Simulator.Diagnostics;
using PropGrade.Simulator.Faults;

namespace PropGrade.Simulator.Api;

/// <summary>
/// The transport around every <c>/agents/*</c> request, in order: key and host check (401/403/400), rate limit and
/// quota (429), latency, the endpoint (400/404/200), then the fault (only on what would have been a 200), then the
/// write and the bookkeeping in <see cref="SimStats"/>. Every answer past the key check carries the quota headers
/// (x-ratelimit-requests-limit/-remaining/-reset); x-ratelimit-limit/-remaining/-reset only when a rate is configured.
/// </summary>
internal sealed class ApiPipeline(
    SimulatorOptions options,
    KeyRateLimiter limiter,
    FaultInjector faults,
    SimStats stats)
{
    private const string JsonType = "application/json";
    private readonly bool _echoKey = (options.DriftModes & Drift.DriftMode.EchoKey) != 0;
    private long _sequence;

    public async Task HandleAsync(HttpContext ctx, Func<IQueryCollection, FaultKind?, ApiResult> endpoint)
    {
        var path = Intern(ctx.Request.Path.Value ?? string.Empty);
        var queryText = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : string.Empty;
        var response = ctx.Response;
        response.Headers["X-RapidAPI-Version"] = "1.2.8";
        response.Headers["X-RapidAPI-Region"] = "AWS - us-east-1";

        var key = ctx.Request.Headers["X-RapidAPI-Key"].ToString();
        if (_echoKey && key.Length > 0)
        {
            response.Headers[KeyEcho.Header] = KeyEcho.HeaderValue(key);
        }

        if (key.Length == 0)
        {
            await WriteAsync(ctx, path, queryText, 401, ApiJson.Message(ApiMessages.MissingKey), null);
            return;
        }

        if (key != options.ApiKey && !options.UnsubscribedKeys.Contains(key))
        {
            await WriteAsync(ctx, path, queryText, 401, ApiJson.Message(ApiMessages.InvalidKey), null);
            return;
        }

        if (key != options.ApiKey)
        {
            await WriteAsync(ctx, path, queryText, 403, ApiJson.Message(ApiMessages.NotSubscribed), null);
            return;
        }

        SetRateHeaders(response, limiter.Peek(key));

        if (!string.Equals(ctx.Request.Headers["X-RapidAPI-Host"].ToString(), options.Host, StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(ctx, path, queryText, 400, ApiJson.Message(ApiMessages.MissingHost(options.Host)), null);
            return;
        }

        var verdict = limiter.Acquire(key);
        SetRateHeaders(response, verdict);
        if (verdict.Outcome == RateOutcome.QuotaExceeded)
        {
            await WriteAsync(ctx, path, queryText, 429, ApiJson.Message(ApiMessages.Quota), null);
            return;
        }

        if (verdict.Outcome == RateOutcome.PerSecondExceeded)
        {
            if (options.SendRetryAfter)
            {
                response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteAsync(ctx, path, queryText, 429, ApiJson.Message(ApiMessages.RatePerSecond), null);
            return;
        }

        FaultKind? fault = null;
        if (faults.Enabled || options.Latency > TimeSpan.Zero || options.LatencyJitter > TimeSpan.Zero)
        {
            var pathAndQuery = path + "?" + queryText;
            await DelayAsync(pathAndQuery, ctx.RequestAborted);
            fault = faults.Decide(pathAndQuery);
        }

        var pageFault = fault is FaultKind.EmptyPage or FaultKind.RepeatedListing ? fault : null;
        var result = endpoint(ctx.Request.Query, pageFault);
        if (result.Status != 200 || (pageFault is not null && !result.PageFaultApplied))
        {
            fault = null;
        }

        await ApplyAsync(ctx, path, queryText, result, fault);
    }

    private async Task ApplyAsync(HttpContext ctx, string path, string query, ApiResult result, FaultKind? fault)
    {
        var name = fault is { } f ? FaultNames.Of(f) : null;
        switch (fault)
        {
            case FaultKind.Http500:
                await WriteAsync(ctx, path, query, 500, ApiJson.Message(ApiMessages.Http500), name);
                return;
            case FaultKind.Http502:
                await WriteAsync(ctx, path, query, 502, ApiJson.Message(ApiMessages.Http502), name);
                return;
            case FaultKind.Http503:
                await WriteAsync(ctx, path, query, 503, ApiJson.Message(ApiMessages.Http503), name);
                return;
            case FaultKind.Http504:
                await WriteAsync(ctx, path, query, 504, ApiJson.Message(ApiMessages.Http504), name);
                return;
            case FaultKind.BotDetector403:
                await WriteAsync(ctx, path, query, 403, ApiJson.Message(ApiMessages.BotDetector), name);
                return;
            case FaultKind.ConnectionReset:
                stats.Record(path, query, 0, name);
                ctx.Abort();
                return;
            case FaultKind.Hang:
                try
                {
                    await Task.Delay(options.HangDuration, options.TimeProvider, ctx.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    stats.Record(path, query, 0, name);
                    return;
                }

                await WriteAsync(ctx, path, query, 200, result.Body, name);
                return;
            case FaultKind.MalformedJson:
                await WriteAsync(ctx, path, query, 200, Malformed(result.Body), name);
                return;
            case FaultKind.TruncatedBody:
                // No Content-Length: the response is complete at the transport level, its JSON is not.
                stats.Record(path, query, 200, name);
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = JsonType;
                await ctx.Response.Body.WriteAsync(result.Body.AsMemory(0, Math.Max(1, result.Body.Length / 2)), ctx.RequestAborted);
                return;
            case FaultKind.HtmlErrorPage:
                await WriteAsync(ctx, path, query, 200, Encoding.UTF8.GetBytes(HtmlPage), name, "text/html; charset=utf-8");
                return;
            default:
                await WriteAsync(ctx, path, query, result.Status, result.Body, name);
                return;
        }
    }

    private async Task DelayAsync(string pathAndQuery, CancellationToken ct)
    {
        if (options.Latency <= TimeSpan.Zero && options.LatencyJitter <= TimeSpan.Zero)
        {
            return;
        }

        var sequence = Interlocked.Increment(ref _sequence);
        var delay = options.Latency + (options.LatencyJitter * faults.Jitter(pathAndQuery, sequence));
        await Task.Delay(delay, options.TimeProvider, ct);
    }

    private async Task WriteAsync(
        HttpContext ctx, string path, string query, int status, byte[] body, string? fault, string contentType = JsonType)
    {
        stats.Record(path, query, status, fault);
        if (_echoKey && status != 200 && contentType == JsonType)
        {
            body = KeyEcho.InMessage(body, ctx.Request.Headers["X-RapidAPI-Key"].ToString());
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body, ctx.RequestAborted);
    }

    /// <summary>The three endpoint paths as shared constants, so the request log does not hold a copy per request.</summary>
    private static string Intern(string path) => path switch
    {
        "/agents/list" => "/agents/list",
        "/agents/get-profile" => "/agents/get-profile",
        "/agents/get-listings" => "/agents/get-listings",
        _ => path,
    };

    private void SetRateHeaders(HttpResponse response, RateVerdict v)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        response.Headers["x-ratelimit-requests-limit"] = v.RequestsLimit.ToString(inv);
        response.Headers["x-ratelimit-requests-remaining"] = v.RequestsRemaining.ToString(inv);
        response.Headers["x-ratelimit-requests-reset"] = v.RequestsResetSeconds.ToString(inv);
        if (limiter.HasRate)
        {
            response.Headers["x-ratelimit-limit"] = v.Limit.ToString(inv);
            response.Headers["x-ratelimit-remaining"] = v.Remaining.ToString(inv);
            response.Headers["x-ratelimit-reset"] = v.ResetSeconds.ToString(inv);
        }
    }

    /// <summary>The real body with its first ':' turned into ';' and a stray brace: never valid JSON.</summary>
    private static byte[] Malformed(byte[] body)
    {
        var copy = new byte[body.Length + 1];
        body.CopyTo(copy, 0);
        var colon = Array.IndexOf(copy, (byte)':');
        if (colon >= 0)
        {
            copy[colon] = (byte)';';
        }

        copy[^1] = (byte)'{';
        return copy;
    }

    private const string HtmlPage =
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>" +
        "</center><hr><center>nginx</center></body></html>";
}
