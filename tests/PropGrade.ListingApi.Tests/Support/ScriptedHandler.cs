using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>A fake HTTP server: answers each request with a scripted response and remembers what it was sent.</summary>
internal sealed class ScriptedHandler(Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _calls;

    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The clock that stamps <see cref="SeenRequest.At"/> (a test's FakeTimeProvider; default the system's).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public static ScriptedHandler Sequence(params Func<HttpResponseMessage>[] responses) =>
        new((_, call, _) => Task.FromResult(responses[Math.Min(call, responses.Length - 1)]()));

    public static HttpResponseMessage Json(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(response);
        return response;
    }

    public static HttpResponseMessage Ok(string json) => Json(HttpStatusCode.OK, json);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        Seen.Enqueue(new SeenRequest(
            request.RequestUri!.PathAndQuery,
            request.Headers.TryGetValues("X-RapidAPI-Key", out var key) ? key.Single() : null,
            request.Headers.TryGetValues("X-RapidAPI-Host", out var host) ? host.Single() : null,
            Time.GetUtcNow()));
        return respond(request, call, cancellationToken);
    }

    internal sealed record SeenRequest(string PathAndQuery, string? Key, string? Host, DateTimeOffset At);
}
