using PropGrade.Core.Agents;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Results → status, tier counts, graded rows (selected tiers only, in export order, movement and previous tier versus
/// the comparable previous run), the summary, and the workbook's Markets, Dropped and Incomplete sheets. Pure and
/// deterministic: the same results give the same rows, so the same export bytes (<see cref="RunExporter"/> writes the
/// files).
/// </summary>
public static class RunAggregator
{
    public const string MovementNew = "new";
    public const string MovementUp = "up";
    public const string MovementDown = "down";
    public const string MovementSame = "same";

    /// <param name="plan">The run's grading plan.</param>
    /// <param name="request">The run's request (copied into summary.json with the window of <paramref name="plan"/>).</param>
    /// <param name="agentsDiscovered">How many agents the run set out to grade.</param>
    /// <param name="results">One result per graded agent, in any order.</param>
    /// <param name="previous">The comparable previous run (<see cref="PreviousRunSelector"/>), or null.</param>
    /// <param name="markets">How each market's discovery went (the run record's <c>markets</c>); null for a roster.</param>
    public static RunAggregate Aggregate(GradingPlan plan, RunRequest request, int agentsDiscovered, IReadOnlyCollection<AgentResult> results, PreviousRun? previous, IReadOnlyList<MarketReport>? markets = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(results);
        var accumulator = new AggregationAccumulator(plan, previous);
        var rows = new List<GradedRow>();
        var incompleteRows = new List<GradedRow>();
        var agents = new List<GradedRow>(results.Count);
        foreach (var result in results)
        {
            var (row, selected, incomplete) = accumulator.Add(result);
            agents.Add(row); // every graded agent, whatever its tier: the agents index (GET /runs/{id}/agents) is built from these
            if (incomplete)
            {
                incompleteRows.Add(row);
            }

            if (selected)
            {
                rows.Add(row);
            }
        }

        var order = accumulator.Order;
        rows.Sort(order);
        incompleteRows.Sort(order);
        agents.Sort(order);
        var (status, tierCounts, summary, warnings, comparison, marketRows, dropped) = accumulator.Finish(request, agentsDiscovered, markets);
        var details = new ExportDetails(marketRows, dropped, incompleteRows);
        return new RunAggregate(status, tierCounts, rows, summary, warnings, comparison, details) { Agents = agents };
    }

    /// <summary>
    /// The same aggregation in one pass over <paramref name="results"/> with memory that does not grow with the run:
    /// counters as they come, every row into an external sort (<see cref="ExternalSorter{T}"/>, at most
    /// <see cref="AggregationOptions.RowsPerRun"/> rows in memory, sorted runs spilled under
    /// <see cref="AggregationOptions.TempDirectory"/>), the ordered outputs read back from it. The same results give the
    /// same figures and rows, in the same order, as <see cref="Aggregate"/>. Dispose the result to delete the files.
    /// </summary>
    /// <param name="filter">Which results count (null: all); e.g. only the run's discovered agents.</param>
    public static async Task<StreamedRunAggregate> AggregateAsync(
        GradingPlan plan, RunRequest request, int agentsDiscovered, IAsyncEnumerable<AgentResult> results, PreviousRun? previous, IReadOnlyList<MarketReport>? markets,
        AggregationOptions options, CancellationToken cancellationToken, Func<AgentResult, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        var accumulator = new AggregationAccumulator(plan, previous);
        // Three sorts of the same rows (a row in memory is shared by the buffers): every agent (read once, for the index),
        // the selected ones (read once per export file) and the incomplete ones (the Incomplete sheet), so a file reads
        // only its own rows back. Measured at a million agents: 3 merges of all the rows filtered cost ~28 s more than
        // in memory; the selected rows are ~26 % of them.
        ExternalSorter<GradedRow> Sorter() => new(accumulator.Order, AgentsJsonContext.Default.GradedRow, options.ResolvedTempDirectory, options.RowsPerRun);
        ExternalSorter<GradedRow>[] sorters = [Sorter(), Sorter(), Sorter()];
        var (all, selected, incomplete) = (sorters[0], sorters[1], sorters[2]);
        try
        {
            await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (filter is null || filter(result))
                {
                    var (row, isSelected, isIncomplete) = accumulator.Add(result);
                    all.Add(row);
                    if (isSelected)
                    {
                        selected.Add(row);
                    }

                    if (isIncomplete)
                    {
                        incomplete.Add(row);
                    }
                }
            }

            var (status, tierCounts, summary, warnings, comparison, marketRows, dropped) = accumulator.Finish(request, agentsDiscovered, markets);
            foreach (var sorter in sorters)
            {
                _ = sorter.Sorted(); // ends adding: the last run is spilled (or the buffer sorted) now, not at the first read
            }

            return new StreamedRunAggregate(sorters, status, tierCounts, summary, warnings, comparison,
                new ExportDetails(marketRows, dropped, new SortedRows(incomplete, accumulator.IncompleteRows)),
                new SortedRows(selected, accumulator.Selected), new SortedRows(all, accumulator.Results),
                new RunResultCounts(accumulator.Results, accumulator.Profiled, accumulator.Incomplete, accumulator.Skipped));
        }
        catch
        {
            foreach (var sorter in sorters)
            {
                sorter.Dispose();
            }

            throw;
        }
    }

    /// <summary>Tier (plan order, Unranked last), then volume (with active volume when counted) descending, then id.</summary>
    internal static Comparison<GradedRow> ExportOrder(GradingPlan plan, Dictionary<string, int> rank) => (a, b) =>
    {
        var byTier = rank.GetValueOrDefault(a.Tier, int.MaxValue).CompareTo(rank.GetValueOrDefault(b.Tier, int.MaxValue));
        if (byTier != 0)
        {
            return byTier;
        }

        var byVolume = (b.SoldVolume + (plan.IncludeActive ? b.ActiveVolume : 0m)).CompareTo(a.SoldVolume + (plan.IncludeActive ? a.ActiveVolume : 0m));
        return byVolume != 0 ? byVolume : ExportFormat.CompareIds(a.AdvertiserId, b.AdvertiserId);
    };
}
