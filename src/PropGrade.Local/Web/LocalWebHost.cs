using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropGrade.Core.Api;

namespace PropGrade.Local.Web;

/// <summary>
/// The host of <c>propgrade serve</c>: Kestrel on 127.0.0.1 only, the embedded config page (public: it holds no
/// data) and every other path handed to the framework-neutral <see cref="RunsApi"/>, which answers 401 without the
/// bearer token. In order, before anything else: a Host header other than 127.0.0.1, localhost or [::1] with the
/// bound port answers 421 (DNS rebinding); the token is checked from the headers before one byte of a body is read;
/// a body over the cap (<see cref="RunsApi.MaxBodyBytes"/>, 3 MiB) answers 413 without being buffered. Security
/// headers on everything.
/// </summary>
public sealed class LocalWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StopFlag _stopping;

    private LocalWebHost(WebApplication app, Uri baseAddress, StopFlag stopping)
    {
        _app = app;
        _stopping = stopping;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the page is, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<LocalWebHost> StartAsync(RunsApi api, LocalWebHostOptions options, ILoggerProvider? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var page = StaticPage.Load();
        var maxBodyBytes = Math.Min(options.MaxRequestBodyBytes ?? api.MaxBodyBytes, api.MaxBodyBytes);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // A backstop only (it bounds draining a body nobody reads): the handler counts the body's bytes itself and
            // refuses the first one past the cap. Kestrel counts a chunked body's framing too, so it cannot be the cap.
            k.Limits.MaxRequestBodySize = 2 * maxBodyBytes;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddLogging(l =>
        {
            l.ClearProviders();
            if (logger is not null)
            {
                l.AddProvider(logger);
            }
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        var stopping = new StopFlag();
        app.Run(context => HandleAsync(context, api, page, maxBodyBytes, stopping));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new LocalWebHost(app, new Uri($"http://127.0.0.1:{port}/"), stopping);
    }

    /// <summary>From now on every <c>POST</c> (a new run, a resume) answers 503 without being read; reads still answer.</summary>
    public void BeginStopping() => _stopping.IsSet = true;

    /// <summary>Completes when the host stops (Ctrl+C is the caller's business: cancel and call <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task HandleAsync(HttpContext context, RunsApi api, StaticPage page, long maxBodyBytes, StopFlag stopping)
    {
        SecurityHeaders.Apply(context.Response);
        var request = context.Request;

        // Before any routing: only this machine's own names for this server (a DNS-rebinding page gets nothing).
        if (!LoopbackHost.IsAllowed(request.Host, context.Connection.LocalPort))
        {
            await WriteAsync(context, RunsApi.ErrorResponse(
                request.Host.HasValue ? StatusCodes.Status421MisdirectedRequest : StatusCodes.Status400BadRequest,
                $"This server answers only http://127.0.0.1:{context.Connection.LocalPort}/ (or localhost, [::1])."), close: true);
            return;
        }

        if (stopping.IsSet && HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.RetryAfter = "10";
            await WriteAsync(context, RunsApi.ErrorResponse(StatusCodes.Status503ServiceUnavailable,
                "The server is stopping: no new runs are accepted. Runs in flight stop and resume at the next `propgrade serve`."), close: true);
            return;
        }

        var path = request.Path.Value ?? "/";
        if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && page.TryGet(path, out var file))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = file.ContentType;
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.ContentLength = file.Content.Length;
            if (HttpMethods.IsGet(request.Method))
            {
                await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
            }

            return;
        }

        var query = request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())).ToList();
        var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        var headersOnly = ApiRequest.Create(request.Method, path, query, headers);

        // The token is checked from the headers alone: without it, not one byte of the body is read (the API answers 401).
        if (!await api.IsAuthenticatedAsync(headersOnly, context.RequestAborted))
        {
            await WriteAsync(context, await api.HandleAsync(headersOnly, context.RequestAborted), close: HasBody(request));
            return;
        }

        var body = await ReadBodyAsync(context, maxBodyBytes);
        if (body is null)
        {
            await WriteAsync(context, RunsApi.ErrorResponse(StatusCodes.Status413PayloadTooLarge,
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The body may be at most {maxBodyBytes:N0} bytes (a roster of 50,000 agents fits).")), close: true);
            return;
        }

        var response = await api.HandleAsync(headersOnly with { Body = body }, context.RequestAborted);
        await WriteAsync(context, response, close: false);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    /// <summary>The whole body, or null when it is longer than <paramref name="maxBytes"/> (refused from Content-Length before reading, or as soon as a chunked body passes it).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, ApiResponse response, bool close)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (close)
        {
            // A refused request's body is never read: close the connection rather than drain it.
            context.Response.Headers.Connection = "close";
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>Set once when the server begins to stop (read by every request).</summary>
    private sealed class StopFlag
    {
        private volatile bool _set;

        public bool IsSet
        {
            get => _set;
            set => _set = value;
        }
    }
}
