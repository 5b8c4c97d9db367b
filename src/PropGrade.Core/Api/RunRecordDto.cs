using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// The run record on the wire (<c>contracts/runs-api.md</c>, "Run record"): counters flattened, status upper case,
/// trigger lower case; <c>markets</c> and <c>warnings</c> are empty lists when the record has none (records written
/// before revision 2 have <c>listingApiRevision</c> 1). Revision 2 adds <c>name</c> (the request's), <c>window</c> (the
/// window graded: a rolling request's resolved at the run's API today) and <c>comparison</c> (which previous run and
/// window the movement was measured against; null until the run finishes); <c>source</c> is null for records written before runs pinned it.
/// </summary>
internal sealed record RunRecordDto(
    string RunId,
    string? Name,
    string Status,
    RunRequestDto Request,
    string Trigger,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int AgentsDiscovered,
    int AgentsProfiled,
    int AgentsDone,
    int AgentsIncomplete,
    int AgentsSkipped,
    long ApiCalls,
    long Throttled,
    long Retries,
    IReadOnlyDictionary<string, int> TierCounts,
    string? Error,
    IReadOnlyList<string> Exports,
    int ListingApiRevision,
    string? RegradeOf,
    IReadOnlyList<MarketReport> Markets,
    IReadOnlyList<RunWarning> Warnings,
    WindowDto Window,
    RunComparison? Comparison,
    RunSource? Source)
{
    public static RunRecordDto From(RunRecord record) => new(
        record.RunId,
        record.Request.Name,
        StatusName(record.Status),
        RunRequestDto.From(record.Request),
        TriggerName(record.Trigger),
        record.CreatedAt,
        record.StartedAt,
        record.FinishedAt,
        record.Counters.AgentsDiscovered,
        record.Counters.AgentsProfiled,
        record.Counters.AgentsDone,
        record.Counters.AgentsIncomplete,
        record.Counters.AgentsSkipped,
        record.Counters.ApiCalls,
        record.Counters.Throttled,
        record.Counters.Retries,
        record.TierCounts,
        record.Error,
        record.Exports,
        record.EffectiveListingApiRevision,
        record.RegradeOf,
        record.Markets ?? [],
        record.Warnings ?? [],
        WindowOf(record),
        record.Comparison,
        record.Source);

    private static WindowDto WindowOf(RunRecord record)
    {
        var (soldSince, asOf) = record.Window();
        return new WindowDto(soldSince, asOf, record.Request.RollingMonths);
    }

    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Queued => "QUEUED",
        RunStatus.Running => "RUNNING",
        RunStatus.Succeeded => "SUCCEEDED",
        RunStatus.Partial => "PARTIAL",
        RunStatus.Failed => "FAILED",
        RunStatus.Rejected => "REJECTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string TriggerName(RunTrigger trigger) => trigger switch
    {
        RunTrigger.Cli => "cli",
        RunTrigger.Api => "api",
        RunTrigger.Schedule => "schedule",
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, null),
    };
}
