namespace PropGrade.Cdk;

/// <summary>
/// The S3 key patterns the IAM grants are scoped to (IAM wildcards: <c>*</c> matches across <c>/</c>). The layout is
/// <c>PropGrade.Aws.Storage.S3Keys</c>'s: everything of a run under <c>runs/{runId}/</c>.
/// </summary>
public static class KeyPatterns
{
    /// <summary>Raw bucket: the audit trail's objects (<c>raw/{batchKey}/{stage}.jsonl.gz</c>, <c>raw/discover/…</c>).</summary>
    public const string Raw = "runs/*/raw/*";

    /// <summary>Raw bucket: the listing prefix of a run's raw groups.</summary>
    public const string RawPrefix = "runs/*/raw/";

    /// <summary>Raw bucket: each raw group's manifest (length, SHA-256, count: <c>raw-manifest/{group}.json</c>), written with the group.</summary>
    public const string RawManifest = "runs/*/raw-manifest/*";

    /// <summary>Raw bucket: the listing prefix of a run's manifests (a verified read lists them first).</summary>
    public const string RawManifestPrefix = "runs/*/raw-manifest/";

    /// <summary>Work bucket: a run's agents index (the results table's SQLite file), written by Aggregate, read by the runs API.</summary>
    public const string AgentsIndex = "runs/*/index/*";

    /// <summary>Work bucket: a run's request; its object-created event launches the run.</summary>
    public const string Request = "runs/*/request.json";

    /// <summary>Work bucket: the Map's items (Prepare writes them, the ItemReader and Aggregate read them).</summary>
    public const string Items = "runs/*/items.json";

    /// <summary>Work bucket: the listing prefix of the Map's items (an <c>s3:prefix</c> condition value: existence checks).</summary>
    public const string ItemsPrefix = "runs/*/items.json";

    /// <summary>Work bucket: the discovery Map's markets (StartRun writes them, its ItemReader reads them).</summary>
    public const string Markets = "runs/*/markets.json";

    /// <summary>Work bucket: the markets' discovery slices (pages as they were read).</summary>
    public const string Discovery = "runs/*/discovery/*";

    /// <summary>Work bucket: the listing prefix of the discovery slices.</summary>
    public const string DiscoveryPrefix = "runs/*/discovery/*";

    /// <summary>Work bucket: the listing prefix of the batches' progress (existence checks).</summary>
    public const string StatePrefix = "runs/*/state/*";

    /// <summary>Work bucket: one result object per finished batch.</summary>
    public const string Results = "runs/*/results/*";

    /// <summary>Work bucket: the listing prefix of the results (an <c>s3:prefix</c> condition value).</summary>
    public const string ResultsPrefix = "runs/*/results/";

    /// <summary>Work bucket: each batch's saved progress (checkpoints).</summary>
    public const string State = "runs/*/state/*";

    /// <summary>Work bucket: the Distributed Map's ResultWriter output.</summary>
    public const string MapResults = "map-results/*";

    /// <summary>Work bucket: Athena query results of the audit workgroup.</summary>
    public const string AthenaResults = "athena-results/*";

    /// <summary>Exports bucket: a run's export files.</summary>
    public const string Exports = "runs/*/exports/*";

    /// <summary>Exports bucket: the listing prefix of a run's exports.</summary>
    public const string ExportsPrefix = "runs/*/exports/";
}
