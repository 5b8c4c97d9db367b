using System.Text.Json;
using System.Text.Json.Serialization;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;
using PropGrade.Core.Stages;

namespace PropGrade.Core.Runs;

/// <summary>
/// Source-generated JSON for every record that crosses a boundary (Lambda payloads, the runs API, SQLite/S3
/// documents, summary.json): camelCase, enums as strings (the contract's spellings), nulls written.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(RunRecord))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(RunSource))]
[JsonSerializable(typeof(RunCounters))]
[JsonSerializable(typeof(RunOutcome))]
[JsonSerializable(typeof(RunDefaults))]
[JsonSerializable(typeof(FieldError))]
[JsonSerializable(typeof(IReadOnlyList<FieldError>))]
[JsonSerializable(typeof(AgentWorkItem))]
[JsonSerializable(typeof(IReadOnlyList<AgentWorkItem>))]
[JsonSerializable(typeof(AgentResult))]
[JsonSerializable(typeof(IReadOnlyList<AgentResult>))]
[JsonSerializable(typeof(GradingPlan))]
[JsonSerializable(typeof(AgentState))]
[JsonSerializable(typeof(StageBatch))]
[JsonSerializable(typeof(DiscoveryResult))]
[JsonSerializable(typeof(MarketSlice))]
[JsonSerializable(typeof(IReadOnlyList<MarketSlice>))]
[JsonSerializable(typeof(BatchProgress))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(MarketReport))]
[JsonSerializable(typeof(IReadOnlyList<MarketReport>))]
[JsonSerializable(typeof(RunWarning))]
[JsonSerializable(typeof(IReadOnlyList<RunWarning>))]
[JsonSerializable(typeof(RunComparison))]
public sealed partial class CoreJsonContext : JsonSerializerContext
{
    private static CoreJsonContext? _indented;

    /// <summary>The same contract, indented (summary.json, <c>--json</c> output).</summary>
    public static CoreJsonContext Indented => _indented ??= new CoreJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
