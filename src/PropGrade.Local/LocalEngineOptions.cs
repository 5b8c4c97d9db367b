using PropGrade.Core.Audit;
using PropGrade.Core.Listings;
using PropGrade.Local.Orchestration;

namespace PropGrade.Local;

/// <summary>How the local engine is composed. Every property has a working default; <see cref="Validate"/> runs once.</summary>
public sealed class LocalEngineOptions
{
    /// <summary>Where the database, raw responses and exports live. Default <c>./propgrade-data</c>.</summary>
    public string DataDir { get; set; } = "./propgrade-data";

    /// <summary>The listing API's base URL; null (the default) starts the embedded simulator in-process.</summary>
    public Uri? ApiBase { get; set; }

    /// <summary>The environment variable holding the API key for <see cref="ApiBase"/>. Default <c>PROPGRADE_API_KEY</c>.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = "PROPGRADE_API_KEY";

    /// <summary>The <c>X-RapidAPI-Host</c> header. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string Host { get; set; } = "realty-in-us.p.rapidapi.com";

    /// <summary>Client-side request rate cap (requests per second); null = no cap (the server's 429s still pace it).</summary>
    public double? RequestsPerSecond { get; set; }

    /// <summary>Agents in the embedded simulator's world. Default 2,000.</summary>
    public int EmbeddedAgents { get; set; } = 2_000;

    /// <summary>The embedded simulator's seed. Default 42.</summary>
    public int EmbeddedSeed { get; set; } = 42;

    /// <summary>The embedded simulator's "today"; null = the UTC date.</summary>
    public DateOnly? EmbeddedToday { get; set; }

    /// <summary>Batches graded at once (Distributed Map MaxConcurrency). Default 8.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Agents per batch (ItemBatcher; the unit saved and skipped on resume). Default 10.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Agents failing in a row before the run stops. Default 50; 0 = off.</summary>
    public int BreakerThreshold { get; set; } = 50;

    /// <summary>Replaces the default source (embedded simulator or <see cref="ApiBase"/>); tests pass fakes here.</summary>
    public ISourceConnector? SourceConnector { get; set; }

    /// <summary>Replaces the raw store (default: files under <c>{DataDir}/runs/{runId}/raw/</c>); null result = keep none.</summary>
    public Func<string, IRawStore?>? RawStoreFactory { get; set; }

    /// <summary>Builds the zero-call source a regrade reads from: (raw store, source run id) → source.</summary>
    public Func<IRawStore, string, IListingSource>? ReplaySourceFactory { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal OrchestratorOptions ToOrchestratorOptions() => new()
    {
        Concurrency = Concurrency,
        BatchSize = BatchSize,
        BreakerThreshold = BreakerThreshold,
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

        if (EmbeddedAgents is < 1 or > 1_000_000)
        {
            throw new ArgumentException("EmbeddedAgents must be 1..1,000,000.", nameof(EmbeddedAgents));
        }

        ToOrchestratorOptions().Validate();
    }
}
