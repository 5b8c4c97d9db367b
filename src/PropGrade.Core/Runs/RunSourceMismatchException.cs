namespace PropGrade.Core.Runs;

/// <summary>
/// A run would be executed against another listing source than the one it was created against (or one recorded before
/// runs pinned their source): refused before any call, the run left as it was. The CLI exits 2; the runs API answers 409.
/// </summary>
/// <param name="message">Names both sources (stored vs given) and what to do.</param>
/// <param name="stored">The source pinned on the run record (null: recorded before sources were pinned).</param>
/// <param name="given">The source the execution would have called.</param>
public sealed class RunSourceMismatchException(string message, RunSource? stored, RunSource given) : Exception(message)
{
    /// <summary>The source pinned on the run record (null: recorded before sources were pinned).</summary>
    public RunSource? Stored { get; } = stored;

    /// <summary>The source the execution would have called.</summary>
    public RunSource Given { get; } = given;
}
