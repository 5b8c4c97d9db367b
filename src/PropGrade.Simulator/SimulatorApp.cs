using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PropGrade.Simulator.Api;
using PropGrade.Simulator.Diagnostics;
using PropGrade.Simulator.Drift;
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
        return Build(options, CreateWorld(options, today), out _);
    }

    /// <summary>The UTC date the simulator uses as "today" for these options.</summary>
    public static DateOnly ResolveToday(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Today ?? DateOnly.FromDateTime(options.TimeProvider.GetUtcNow().UtcDateTime);
    }

    /// <summary>The seeded world of validated <paramref name="options"/>.</summary>
    internal static GeneratedWorld CreateWorld(SimulatorOptions options, DateOnly today) =>
        new(options.Seed, options.Agents, today, options.BlockCacheCapacity, options.Traits);

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
        var drift = options.DriftModes;
        var world = new WorldView(source, options.FeedCacheCapacity, drift, options.Seed);
        var stats = new SimStats(options.RequestLogCapacity);
        var limiter = new KeyRateLimiter(options.RatePerSecond, options.PeriodQuota, options.TimeProvider, options.QuotaPeriod);
        var faults = new FaultInjector(options.Faults, options.EffectiveFaultSeed);
        var pipeline = new ApiPipeline(options, limiter, faults, stats);
        var handlers = new ListingApiHandlers(world, options.OffsetCap);
        services = new SimulatorServices(world, stats, faults);

        app.MapGet("/agents/list", (HttpContext ctx) => pipeline.HandleAsync(ctx, (q, _) => handlers.List(q)));
        app.MapGet("/agents/get-profile", (HttpContext ctx) => pipeline.HandleAsync(ctx, (q, _) => handlers.Profile(q)));
        if ((drift & DriftMode.RemovedEndpoint) == 0)
        {
            app.MapGet("/agents/get-listings", (HttpContext ctx) => pipeline.HandleAsync(ctx, handlers.Listings));
        }

        // Unknown paths (and, under the removed-endpoint drift, get-listings) answer as the provider does for an
        // endpoint that is gone.
        app.Map("/agents/{**rest}", (HttpContext ctx) => pipeline.HandleAsync(ctx, (_, _) =>
            ApiResult.Error(404, ApiMessages.EndpointMissing(ctx.Request.Path.Value ?? string.Empty))));
        SimEndpoints.Map(app, world, stats, options.OffsetCap);
        return app;
    }
}
