using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Chooses the run a movement column compares with, for both the local orchestrator and the AWS aggregate step:
/// the newest finished (SUCCEEDED or PARTIAL) run over the same markets (or roster), created before this run.
/// A regrade compares with what its source run compared with, and regrades are never a baseline (they are the
/// same data again).
/// </summary>
public static class PreviousRunSelector
{
    /// <summary>How many recent runs are considered.</summary>
    public const int SearchLimit = 1000;

    /// <summary>The previous run of <paramref name="record"/> with each agent's tier, or null when there is none.</summary>
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

        var tiers = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var result in workspace.ReadResultsAsync(candidate.RunId, cancellationToken).ConfigureAwait(false))
        {
            tiers[result.AdvertiserId] = result.Tier;
        }

        return new PreviousRun(candidate.RunId, tiers);
    }

    /// <summary>The selection rule alone, over the listed runs.</summary>
    internal static RunRecord? Select(IReadOnlyList<RunRecord> all, RunRecord record)
    {
        var baseline = record.RegradeOf is { } origin ? all.FirstOrDefault(r => r.RunId == origin) ?? record : record;
        return all
            .Where(r => r.RunId != record.RunId && r.RunId != baseline.RunId && r.RegradeOf is null)
            .Where(r => r.Status is RunStatus.Succeeded or RunStatus.Partial)
            .Where(r => r.CreatedAt < baseline.CreatedAt || (r.CreatedAt == baseline.CreatedAt && string.CompareOrdinal(r.RunId, baseline.RunId) < 0))
            .Where(r => SameScope(r.Request, record.Request))
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Same markets (as a set), or the same roster (advertiser ids as a set).</summary>
    internal static bool SameScope(RunRequest a, RunRequest b)
    {
        if (a.Roster is not null || b.Roster is not null)
        {
            return a.Roster is not null && b.Roster is not null
                && a.Roster.Select(r => r.AdvertiserId).ToHashSet(StringComparer.Ordinal).SetEquals(b.Roster.Select(r => r.AdvertiserId));
        }

        return (a.Markets ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(b.Markets ?? []);
    }
}
