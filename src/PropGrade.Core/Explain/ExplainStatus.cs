namespace PropGrade.Core.Explain;

/// <summary>How an explain request ended.</summary>
public enum ExplainStatus
{
    /// <summary>Explained (<see cref="ExplainResult.Explanation"/> is set).</summary>
    Explained,

    /// <summary>No run with this id.</summary>
    NoSuchRun,

    /// <summary>The run graded no agent with this id.</summary>
    NoSuchAgent,

    /// <summary>The run cannot be explained (not finished, no raw store, made under another contract revision): the message says why.</summary>
    Unavailable,
}
