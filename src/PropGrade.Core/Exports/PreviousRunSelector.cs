using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// The one rule, for the local orchestrator and the AWS aggregate step alike, for the run a movement column compares
/// with: the latest <b>comparable</b> finished run. Comparable means graded under the same definition over an earlier
/// window:
/// <list type="bullet">
/// <item>finished: SUCCEEDED or PARTIAL, not a regrade (a regrade is the same data again), created before this run;</item>
/// <item>the same tiers (names, order and thresholds), the same selected tiers, the same <c>includeActive</c> and
/// <c>undisclosedPrice</c>, the same markets (as a set) or the same roster (the same advertiser ids);</item>
/// <item>an earlier window of the same length: its <c>asOf</c> before this run's, its length within
/// <see cref="WindowLengthToleranceDays"/> days of this run's (twelve calendar months stay comparable across leap
/// days).</item>
/// </list>
/// Among those, the one with the latest window, then the newest. Anything else is "no comparable previous run": a run
/// is never compared, silently, with a run that meant something else by a tier. A regrade compares with what its
/// source would: runs created before the source, comparable with the regrade's own request.
/// </summary>
public static class PreviousRunSelector
{
    /// <summary>How many recent runs are considered.</summary>
    public const int SearchLimit = 1000;

    /// <summary>How far (in days) two windows' lengths may differ and still compare (calendar months vary by up to three days).</summary>
    public const int WindowLengthToleranceDays = 3;

    /// <summary>The previous comparable run of <paramref name="record"/> with its agents' tiers, or null when there is none.</summary>
    public static async Task<PreviousRun?> FindAsync(IRunStore runs, IRunWorkspace workspace, RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(record);

        var all = await runs.ListAsync(SearchLimit, cancellationToken).ConfigureAwait(false);
        var candidate = Select(all, record);
        if (candidate is null)
        {
            return null;
        }

        var selected = candidate.Request.SelectedTiers.ToHashSet(StringComparer.Ordinal);
        var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
        var exported = new List<AgentResult>();
        await foreach (var result in workspace.ReadResultsAsync(candidate.RunId, cancellationToken).ConfigureAwait(false))
        {
            tiers[result.AdvertiserId] = result.Tier;
            if (selected.Contains(result.Tier))
            {
                exported.Add(result);
            }
        }

        var (soldSince, asOf) = candidate.Window();
        return new PreviousRun(candidate.RunId, tiers)
        {
            Name = candidate.Request.Name,
            SoldSince = soldSince,
            AsOf = asOf,
            Selected = exported,
        };
    }

    /// <summary>The selection rule alone, over the listed runs.</summary>
    internal static RunRecord? Select(IReadOnlyList<RunRecord> all, RunRecord record)
    {
        var baseline = record.RegradeOf is { } origin ? all.FirstOrDefault(r => r.RunId == origin) ?? record : record;
        return all
            .Where(r => r.RunId != record.RunId && r.RunId != baseline.RunId && r.RegradeOf is null)
            .Where(r => r.Status is RunStatus.Succeeded or RunStatus.Partial)
            .Where(r => r.CreatedAt < baseline.CreatedAt || (r.CreatedAt == baseline.CreatedAt && string.CompareOrdinal(r.RunId, baseline.RunId) < 0))
            .Where(r => Comparable(r, record))
            .OrderByDescending(r => r.Window().AsOf)
            .ThenByDescending(r => r.CreatedAt)
            .ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>
    /// True when <paramref name="earlier"/> graded what <paramref name="current"/> grades, by the same definition, over
    /// an earlier window of the same length.
    /// </summary>
    public static bool Comparable(RunRecord earlier, RunRecord current)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(current);
        var a = earlier.Request;
        var b = current.Request;
        if (!SameTiers(a.Tiers, b.Tiers)
            || !a.SelectedTiers.ToHashSet(StringComparer.Ordinal).SetEquals(b.SelectedTiers)
            || a.IncludeActive != b.IncludeActive
            || a.UndisclosedPrice != b.UndisclosedPrice
            || !SameMarketsOrAdvertiserIds(a, b))
        {
            return false;
        }

        var (sinceA, asOfA) = earlier.Window();
        var (sinceB, asOfB) = current.Window();
        var lengthA = asOfA.DayNumber - sinceA.DayNumber;
        var lengthB = asOfB.DayNumber - sinceB.DayNumber;
        return asOfA < asOfB && Math.Abs(lengthA - lengthB) <= WindowLengthToleranceDays;
    }

    private static bool SameTiers(IReadOnlyList<TierDefinition> a, IReadOnlyList<TierDefinition> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Name == p.Second.Name && p.First.MinVolume == p.Second.MinVolume && p.First.MinSides == p.Second.MinSides);

    /// <summary>
    /// Whether two requests cover the same agents for comparing runs (the movement column, and the estimate's "latest
    /// run over the same markets or roster"): when neither names a roster, the same markets (as a set); otherwise both
    /// name a roster with the same advertiser ids (as a set; NRDS ids are not compared). The regrade's rule
    /// (<c>LocalEngine.SameMarketsOrRosterEntries</c>) is stricter: it compares whole roster entries, NRDS ids included.
    /// </summary>
    internal static bool SameMarketsOrAdvertiserIds(RunRequest a, RunRequest b)
    {
        if (a.Roster is not null || b.Roster is not null)
        {
            return a.Roster is not null && b.Roster is not null
                && a.Roster.Select(r => r.AdvertiserId).ToHashSet(StringComparer.Ordinal).SetEquals(b.Roster.Select(r => r.AdvertiserId));
        }

        return (a.Markets ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(b.Markets ?? []);
    }
}
