using System.Globalization;

namespace PropGrade.Core.Runs;

/// <summary>
/// What a run's movement (<c>movement</c>, <c>previous_tier</c>, the Dropped sheet) was measured against: the previous
/// comparable run, its name and its window, or no run at all. On the run record, in <c>summary.json</c> and on the
/// workbook's Summary sheet, so nobody reads "489 up" without knowing against what.
/// </summary>
/// <param name="PreviousRunId">The run compared with; null when there was no comparable previous run.</param>
/// <param name="PreviousName">That run's name, when it has one.</param>
/// <param name="PreviousSoldSince">That run's window start.</param>
/// <param name="PreviousAsOf">That run's window end.</param>
/// <param name="Description">One sentence saying which run and window, or "No comparable previous run ...".</param>
public sealed record RunComparison(
    string? PreviousRunId,
    string? PreviousName,
    DateOnly? PreviousSoldSince,
    DateOnly? PreviousAsOf,
    string Description)
{
    /// <summary>The sentence for a run with nothing to compare with.</summary>
    public const string NoneDescription =
        "No comparable previous run: no earlier window was graded with the same tiers, markets (or roster), selected tiers, "
        + "active-listing and undisclosed-price rules and window length, so there is no movement.";

    /// <summary>No comparable previous run.</summary>
    public static RunComparison None { get; } = new(null, null, null, null, NoneDescription);

    /// <summary>A comparison with <paramref name="runId"/> over <paramref name="soldSince"/>..<paramref name="asOf"/>.</summary>
    public static RunComparison With(string runId, string? name, DateOnly soldSince, DateOnly asOf)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var named = name is null ? "" : $" \"{name}\"";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Compared with run {runId}{named}, window {soldSince:yyyy-MM-dd} to {asOf:yyyy-MM-dd}: the latest earlier window graded with the same tiers, markets (or roster), selected tiers and rules.");
        return new(runId, name, soldSince, asOf, text);
    }
}
