using PropGrade.Core.Exports;

namespace PropGrade.Core.Explain;

/// <summary>
/// Why an agent got its tier ("why this tier", <c>GET /runs/{runId}/agents/{advertiserId}</c>, <c>propgrade explain</c>):
/// the graded row, the tiers against its figures, every listing page the grading read and every listing on it with
/// its verdict, the totals those verdicts add up to (equal to the row's figures: <see cref="MatchesRow"/>), and what
/// the raw store's integrity check found. Made from the raw store alone, with zero API calls.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Row">The agent's graded row (as the results table shows it).</param>
/// <param name="SoldSince">The window's first day.</param>
/// <param name="AsOf">The window's last day.</param>
/// <param name="IncludeActive">Whether active listings counted.</param>
/// <param name="UndisclosedPrice"><c>listPrice</c> or <c>exclude</c>.</param>
/// <param name="SelectedTiers">The tiers selected for export.</param>
/// <param name="Tiers">Every tier of the plan against the row's figures, highest first.</param>
/// <param name="Summary">The tier in one sentence.</param>
/// <param name="Pages">Every listing page asked for, in the order the grading asked.</param>
/// <param name="Listings">Every listing on the pages read, in reading order, with its verdict.</param>
/// <param name="Totals">What the counted listings add up to.</param>
/// <param name="MatchesRow">True when <see cref="Totals"/> equal the row's figures and pages read.</param>
/// <param name="StopReason">Why reading stopped, as the replay of the stage rules found it (the row's, when they match).</param>
/// <param name="Notes">What else to know (a regrade's source, a profile-bound skip, a mismatch named field by field).</param>
/// <param name="Integrity">What the raw store's check found.</param>
public sealed record AgentExplanation(
    string RunId,
    GradedRow Row,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    string UndisclosedPrice,
    IReadOnlyList<string> SelectedTiers,
    IReadOnlyList<TierCheck> Tiers,
    string Summary,
    IReadOnlyList<ExplainedPage> Pages,
    IReadOnlyList<ExplainedListing> Listings,
    ExplainedTotals Totals,
    bool MatchesRow,
    string StopReason,
    IReadOnlyList<string> Notes,
    ExplainedIntegrity Integrity);
