using Microsoft.Extensions.Logging;
using PropGrade.Core.Audit;
using PropGrade.Core.Exports;
using PropGrade.Core.Listings;
using PropGrade.ListingApi;
using PropGrade.Local.Orchestration;
using PropGrade.Simulator;

namespace PropGrade.Local;

/// <summary>How the local engine is composed. Every property has a working default; <see cref="Validate"/> runs once.</summary>
public sealed class LocalEngineOptions
{
    /// <summary>Where the database, raw responses and exports live. Default <c>./propgrade-data</c>.</summary>
    public string DataDir { get; set; } = "./propgrade-data";

    /// <summary>The listing API's base URL; null (the default) starts the embedded simulator in-process.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>The environment variable holding the API key for <see cref="ApiBase"/>. Default <c>PROPGRADE_API_KEY</c>.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = EnvironmentApiKeyProvider.DefaultVariableName;

    /// <summary>The <c>X-RapidAPI-Host</c> header. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string Host { get; set; } = "realty-in-us.p.rapidapi.com";

    /// <summary>
    /// Client-side request rate (requests per second). Null = 10,000 for the embedded simulator (no real cap) and the
    /// client's default (5, the RapidAPI BASIC plan) for an API base.
    /// </summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>
    /// The embedded simulator (used when <see cref="ApiBase"/> is null). Default: 2,000 agents, seed 42, faults none,
    /// no rate limit, today = the UTC date.
    /// </summary>
    public SimulatorOptions Simulator { get; set; } = new() { Agents = 2_000 };

    /// <summary>Adjusts the HTTP client's settings (retries, timeouts, ...) after the engine's defaults are applied.</summary>
    public Action<ListingApiOptions>? ConfigureClient { get; set; }

    /// <summary>Batches graded at once (Distributed Map MaxConcurrency). Default 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Agents per batch (ItemBatcher; the unit saved and skipped on resume). Default 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>
    /// Agents per batch for a regrade. A regrade makes no call and is CPU-bound, so bigger batches (fewer saves) pay
    /// off. Default 100.
    /// </summary>
    public int RegradeBatchSize { get; set; } = 100;

    /// <summary>Agents failing in a row before the run stops. Default 50; 0 = off.</summary>
    public int BreakerThreshold { get; set; } = 50;

    /// <summary>Replaces the default source (embedded simulator or <see cref="ApiBase"/>); tests pass fakes here.</summary>
    public ISourceConnector? SourceConnector { get; set; }

    /// <summary>Replaces the raw store (default: <c>FileRawStore</c>, files under <c>{DataDir}/runs/{runId}/raw/</c>); a null result keeps none.</summary>
    public Func<string, IRawStore?>? RawStoreFactory { get; set; }

    /// <summary>Builds the zero-call source a regrade reads from: (raw store, source run id) → source.</summary>
    public Func<IRawStore, string, IListingSource>? ReplaySourceFactory { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long a run's lease (and, against a real API, the key's lock) outlives its last heartbeat; heartbeats come every
    /// third of it. A process that dies leaves the run resumable by another after this. Default 30 s.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Who executes runs (lease owner); null = this process (<see cref="LocalExecutor.ForThisProcess"/>).</summary>
    public LocalExecutor? Executor { get; set; }

    /// <summary>Where the run lifecycle's log lines go; null = nowhere (the record carries every error's detail).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The revision-1 strategy, used only by <c>propgrade bench pipeline</c> to compare call counts: one
    /// <c>get-profile</c> call per agent even for discovered agents (whose <c>/agents/list</c> entry already holds the
    /// profile). Default false; never set it for real runs.
    /// </summary>
    public bool ProfileCallPerAgent { get; set; }

    /// <summary>How the export files are written (sheet row limit, CSV BOM). Default <see cref="ExportOptions.Default"/>.</summary>
    public ExportOptions Exports { get; set; } = ExportOptions.Default;

    /// <summary>
    /// The most discovery pages a market slice holds before it is saved and the market goes on in a new slice: bounds
    /// discovery's memory whatever a market's size. Default 200 (4,000 agents).
    /// </summary>
    public int DiscoveryPagesPerSlice { get; set; } = 200;

    internal OrchestratorOptions ToOrchestratorOptions() => new()
    {
        // Markets discovered at once share the one client: as many as the rate keeps busy (at most 8).
        MaxParallelMarkets = Math.Min(8, Core.Runs.WorkerPlan.ForDiscovery(
            RequestsPerSecond ?? (ApiBase is null ? DefaultSourceConnector.EmbeddedRequestsPerSecond : new ListingApiOptions().RequestsPerSecond),
            Core.Runs.WorkerPlan.AssumedLatency,
            markets: 8).Workers),
        Exports = Exports,
        Aggregation = new Core.Exports.AggregationOptions { TempDirectory = Path.Combine(Path.GetFullPath(DataDir), DataDirectory.TempFolder) },
        Concurrency = Concurrency,
        BatchSize = BatchSize,
        BreakerThreshold = BreakerThreshold,
        ProfileCallPerAgent = ProfileCallPerAgent,
        DiscoveryPagesPerSlice = DiscoveryPagesPerSlice,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDir))
        {
            throw new ArgumentException("DataDir must be set.", nameof(DataDir));
        }

        if (ApiBase is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("ApiBase must be an absolute URL.", nameof(ApiBase));
        }

        if (RequestsPerSecond is <= 0)
        {
            throw new ArgumentException("RequestsPerSecond must be positive.", nameof(RequestsPerSecond));
        }

        ArgumentNullException.ThrowIfNull(Simulator);
        if (ApiBase is null)
        {
            Simulator.Validate();
        }

        if (LeaseTtl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("LeaseTtl must be at least 1 s.", nameof(LeaseTtl));
        }

        ToOrchestratorOptions().Validate();
        if (RegradeBatchSize is < 1 or > 1000)
        {
            throw new ArgumentException("RegradeBatchSize must be 1..1000.", nameof(RegradeBatchSize));
        }
    }
}
