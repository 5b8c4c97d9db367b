namespace PropGrade.Aws.Storage;

/// <summary>The S3 layout (it mirrors the local data directory): everything of a run under <c>runs/{runId}/</c>.</summary>
public static class S3Keys
{
    public static string Run(string runId) => $"runs/{Checked(runId)}/";

    public static string Request(string runId) => Run(runId) + "request.json";

    public static string Items(string runId) => Run(runId) + "items.json";

    /// <summary>The discovery Map's ItemReader input: the run's markets as a JSON array.</summary>
    public static string Markets(string runId) => Run(runId) + "markets.json";

    public static string ResultsPrefix(string runId) => Run(runId) + "results/";

    /// <summary>A market's discovery slices: <c>discovery/{zip}/{offset:D9}.json</c> (key order = offset order).</summary>
    public static string MarketSlicesPrefix(string runId, string market) => Run(runId) + "discovery/" + Checked(market) + "/";

    public static string MarketSlice(string runId, string market, int offset) =>
        MarketSlicesPrefix(runId, market) + offset.ToString("D9", System.Globalization.CultureInfo.InvariantCulture) + ".json";

    /// <summary>A batch's saved progress (checkpoints): <c>state/{batchKey}.json</c>.</summary>
    public static string BatchProgress(string runId, string batchKey) => Run(runId) + "state/" + Checked(batchKey) + ".json";

    public static string Results(string runId, string batchKey) => ResultsPrefix(runId) + Checked(batchKey) + ".json";

    public static string RawPrefix(string runId) => Run(runId) + "raw/";

    /// <summary>A raw group's object; group keys may nest with '/' (e.g. <c>discover/07030</c>), as local files do.</summary>
    public static string Raw(string runId, string groupKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        return RawPrefix(runId) + string.Join('/', groupKey.Split('/').Select(Checked)) + Core.Audit.RawExchangeSerializer.FileExtension;
    }

    /// <summary>
    /// Where the raw manifest lives: one small object per committed group (S3 has no append), written after the group's
    /// object; a prefix of its own, so that nothing reading <see cref="RawPrefix"/> (an audit table) sees manifests.
    /// </summary>
    public static string RawManifestPrefix(string runId) => Run(runId) + "raw-manifest/";

    /// <summary>A raw group's manifest object: <c>runs/{runId}/raw-manifest/{groupKey}.json</c>.</summary>
    public static string RawManifest(string runId, string groupKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupKey);
        return RawManifestPrefix(runId) + string.Join('/', groupKey.Split('/').Select(Checked)) + ".json";
    }

    /// <summary>The run's agents index (the results table's SQLite file): <c>runs/{runId}/index/agents-v1.db</c>.</summary>
    public static string AgentsIndex(string runId, string fileName) => Run(runId) + "index/" + Checked(fileName);

    public static string ExportsPrefix(string runId) => Run(runId) + "exports/";

    public static string Export(string runId, string fileName) => ExportsPrefix(runId) + Checked(fileName);

    /// <summary>The run id of a <c>runs/{runId}/request.json</c> key; null for any other key.</summary>
    public static string? RunIdOfRequestKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        return parts is ["runs", var id, "request.json"] && IsSafe(id) ? id : null;
    }

    private static string Checked(string segment) =>
        IsSafe(segment) ? segment : throw new ArgumentException($"Not a safe key segment: '{segment}'", nameof(segment));

    private static bool IsSafe(string segment) =>
        !string.IsNullOrEmpty(segment) && segment.Length <= 200 && segment is not ("." or "..") &&
        segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
