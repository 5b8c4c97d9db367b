using PropGrade.Core.Grading;

namespace PropGrade.Core.Exports;

/// <summary>
/// The comparable previous run a run's movement is measured against (<see cref="PreviousRunSelector"/>): its id, each
/// agent's tier by advertiser id, and (for the Dropped sheet and the summary) its name, window and the agents it
/// exported (those in its selected tiers).
/// </summary>
public sealed record PreviousRun(string RunId, IReadOnlyDictionary<string, string> Tiers)
{
    /// <summary>The previous run's name, when it has one.</summary>
    public string? Name { get; init; }

    /// <summary>The previous run's window start (null when unknown, e.g. a hand-made baseline in a test).</summary>
    public DateOnly? SoldSince { get; init; }

    /// <summary>The previous run's window end.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>The previous run's agents in its selected tiers (the ones a sales team had), in any order.</summary>
    public IReadOnlyList<AgentResult> Selected { get; init; } = [];
}
