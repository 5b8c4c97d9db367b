using System.Globalization;
using System.Text.Json;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Output;

/// <summary>Prints a run record: a short human summary, or the record as one JSON document (<c>--json</c>).</summary>
internal static class RunPrinter
{
    /// <summary>Warnings listed in the human summary (all of them are in the JSON).</summary>
    public const int MaxWarningsShown = 10;

    public static void Json(TextWriter output, RunRecord record) =>
        output.WriteLine(JsonSerializer.Serialize(record, CoreJsonContext.Indented.RunRecord));

    public static void Summary(TextWriter output, RunRecord record, string exportsDirectory)
    {
        var c = record.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run {record.RunId}: {Status(record.Status)}"));
        if (record.Request.Name is { } runName)
        {
            output.WriteLine($"Name: {runName}");
        }

        var (since, asOf) = record.Window();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Window: {since:yyyy-MM-dd} to {asOf:yyyy-MM-dd}{(record.Request.RollingMonths is { } months ? $" (rolling: the {months} months before the API's today)" : "")}; {RunList.Scope(record.Request)}"));
        if (record.RegradeOf is { } origin)
        {
            output.WriteLine($"Regrade of {origin} (from stored raw responses, no API calls)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Agents: {c.AgentsDiscovered:N0} discovered, {c.AgentsDone:N0} graded, {c.AgentsIncomplete:N0} incomplete, {c.AgentsSkipped:N0} skipped by the profile bound"));
        if (c.AgentsIncomplete > 0 && IncompleteReasons(exportsDirectory) is { Count: > 0 } reasons)
        {
            output.WriteLine("Incomplete: " + string.Join("; ", reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value:N0} {r.Key}{Explain(r.Key)}"))) +
                " (each on the Incomplete sheet of graded.xlsx, with what was read)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API calls: {c.ApiCalls:N0} ({c.Throttled:N0} throttled, {c.Retries:N0} retries)"));
        if (record.TierCounts.Count > 0)
        {
            output.WriteLine("Tiers: " + string.Join(", ", record.TierCounts.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:N0}"))));
        }

        if (record.Comparison is { } comparison)
        {
            output.WriteLine($"Movement: {comparison.Description}");
        }

        if (record.Markets is { Count: > 0 } markets)
        {
            var truncated = markets.Count(m => m.Truncated);
            var failed = markets.Where(m => m.Failed is not null).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Markets: {markets.Count:N0} ({markets.Sum(m => m.AgentsFound):N0} agents found, {truncated:N0} truncated, {failed.Count:N0} failed{(failed.Count > 0 ? ": " + string.Join(", ", failed.Select(m => $"{m.PostalCode} ({m.Failed})")) : "")})"));
        }

        if (record.Warnings is { Count: > 0 } warnings)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Warnings: {warnings.Count:N0}"));
            foreach (var warning in warnings.Take(MaxWarningsShown))
            {
                output.WriteLine($"  {warning.Code}: {warning.Message}");
            }

            if (warnings.Count > MaxWarningsShown)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {warnings.Count - MaxWarningsShown:N0} more (propgrade runs show {record.RunId} --json)"));
            }
        }

        if (record.EffectiveListingApiRevision != RunRecord.CurrentListingApiRevision)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Made under listing-API contract revision {record.EffectiveListingApiRevision}: shown as stored; it cannot be resumed or regraded."));
        }

        if (record.Error is { } error)
        {
            output.WriteLine($"Error: {error}");
        }

        if (record.Exports.Count > 0)
        {
            output.WriteLine($"Exports: {exportsDirectory}");
            foreach (var name in record.Exports)
            {
                output.WriteLine(ExportLine(exportsDirectory, record, name));
            }
        }
    }

    /// <summary>Each export's path, and the name it downloads under from the runs API.</summary>
    private static string ExportLine(string exportsDirectory, RunRecord record, string name) =>
        $"  {Path.Combine(exportsDirectory, name)}  (downloads as {ExportNames.DownloadName(record, name)})";

    public static string Status(RunStatus status) => JsonSerializer.Serialize(status, CoreJsonContext.Default.RunStatus).Trim('"');
    /// <summary>The incomplete agents' stop reasons from the run's <c>summary.json</c> (read as the exporter wrote it); null when it is not there or not readable.</summary>
    private static IReadOnlyDictionary<string, int>? IncompleteReasons(string exportsDirectory)
    {
        var path = Path.Combine(exportsDirectory, ExportNames.SummaryJson);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var reasons = JsonSerializer.Deserialize(stream, CoreJsonContext.Default.RunSummary)?.IncompleteReasons;
            return reasons?.OrderByDescending(r => r.Value).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// How many of the run's incomplete agents a resume grades again (the API failed them:
    /// <see cref="IncompleteAgentRetry.IsRetryableReason"/>), from its <c>summary.json</c>; 0 when there is none.
    /// </summary>
    public static int RetryableIncomplete(string exportsDirectory) =>
        IncompleteReasons(exportsDirectory)?.Where(r => IncompleteAgentRetry.IsRetryableReason(r.Key)).Sum(r => r.Value) ?? 0;

    /// <summary>What a stop reason means for a reader of the summary (empty for the self-explanatory ones).</summary>
    private static string Explain(string reason) => reason switch
    {
        StopReasons.NoMlsId => " (the API lists no MLS membership for them, so their listings cannot be asked for)",
        StopReasons.DepthCap => " (more listing pages than --max-pages allows)",
        StopReasons.NoRawData => " (a regrade found no stored response for them)",
        _ => string.Empty,
    };
}
