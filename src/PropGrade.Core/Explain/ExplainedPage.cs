namespace PropGrade.Core.Explain;

/// <summary>One listing page the grading asked for: what came back, or why nothing did.</summary>
/// <param name="Stage"><c>active</c> or <c>sold</c>.</param>
/// <param name="Page">The 1-based page.</param>
/// <param name="Read">True when it was read (its listings are explained); false when it failed (see <see cref="Failure"/>).</param>
/// <param name="Total">The provider's <c>total</c> for the agent and type (read pages only).</param>
/// <param name="Listings">Listings on the page (read pages only).</param>
/// <param name="Attempts">The stored attempts' classifications in order (<c>ok</c>, <c>retry:http_503</c>, ...).</param>
/// <param name="Failure">Why the page could not be read (the reason the agent was marked incomplete), or null.</param>
public sealed record ExplainedPage(string Stage, int Page, bool Read, int? Total, int Listings, IReadOnlyList<string> Attempts, string? Failure);
