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
/// bearer token. Security headers on everything.
/// </summary>
public sealed class LocalWebHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalWebHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
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

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
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
        app.Run(context => HandleAsync(context, api, page));
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new LocalWebHost(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Completes when the host stops (Ctrl+C is the caller's business: cancel and call <see cref="DisposeAsync"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task HandleAsync(HttpContext context, RunsApi api, StaticPage page)
    {
        SecurityHeaders.Apply(context.Response);
        var request = context.Request;
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

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }

        var apiRequest = ApiRequest.Create(
            request.Method,
            path,
            request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())),
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())),
            body);
        var response = await api.HandleAsync(apiRequest, context.RequestAborted);

        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentLength = response.Body.Length;
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }
}
