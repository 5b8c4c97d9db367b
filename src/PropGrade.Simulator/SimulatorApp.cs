using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropGrade.Simulator.Api;
using PropGrade.Simulator.Diagnostics;
using PropGrade.Simulator.Faults;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator;

/// <summary>
/// Builds the simulator's ASP.NET Core app (Kestrel on 127.0.0.1, minimal APIs, no logging) without starting it,
/// for callers that host it themselves. <see cref="SimulatorHost.StartAsync"/> is the usual way in.
/// </summary>
public static class SimulatorApp
{
    /// <summary>Builds the app for validated <paramref name="options"/> over the seeded world.</summary>
    public static WebApplication Build(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var today = ResolveToday(options);
        var world = new GeneratedWorld(options.Seed, options.Agents, today, options.BlockCacheCapacity);
        return Build(options, world, out _);
    }

    /// <summary>The UTC date the simulator uses as "today" for these options.</summary>
    public static DateOnly ResolveToday(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Today ?? DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
    }

    /// <summary>Builds the app over any world source (tests use hand-made worlds).</summary>
    internal static WebApplication Build(SimulatorOptions options, IWorldSource source, out SimulatorServices services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, HostedLifetime>();

        var app = builder.Build();
        var world = new WorldView(source, options.FeedCacheCapacity);
        var stats = new SimStats(options.RequestLogCapacity);
        var limiter = new KeyRateLimiter(options.RatePerSecond, options.PeriodQuota, options.TimeProvider);
        var faults = new FaultInjector(options.Faults, options.EffectiveFaultSeed);
        var pipeline = new ApiPipeline(options, limiter, faults, stats);
        var handlers = new ListingApiHandlers(world);
        services = new SimulatorServices(world, stats, faults);

        app.MapGet("/agents/list", (HttpContext ctx) => pipeline.HandleAsync(ctx, (q, _) => handlers.List(q)));
        app.MapGet("/agents/get-profile", (HttpContext ctx) => pipeline.HandleAsync(ctx, (q, _) => handlers.Profile(q)));
        app.MapGet("/agents/get-listings", (HttpContext ctx) => pipeline.HandleAsync(ctx, handlers.Listings));
        app.Map("/agents/{**rest}", (HttpContext ctx) => pipeline.HandleAsync(ctx, (_, _) =>
            ApiResult.Error(404, $"Endpoint '{ctx.Request.Path}' does not exist")));
        SimEndpoints.Map(app, world, stats);
        return app;
    }
}
