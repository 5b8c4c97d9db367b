namespace PropGrade.Core.Exports;

/// <summary>Why an agent of the previous run's selected tiers is not in this run's (<see cref="DroppedRow.Reason"/>).</summary>
public static class DroppedReasons
{
    /// <summary>The agent was not among this run's agents (not listed in the markets any more, or not reached).</summary>
    public const string NotFound = "not found";

    /// <summary>The agent could not be graded to the end; its tier so far is below the selected tiers (it may still be in one).</summary>
    public const string Incomplete = "incomplete";

    /// <summary>The agent was graded completely into a tier below the selected ones (or Unranked).</summary>
    public const string DroppedBelow = "dropped below";
}
