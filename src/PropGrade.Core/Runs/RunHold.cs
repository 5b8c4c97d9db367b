namespace PropGrade.Core.Runs;

/// <summary>What <see cref="IRunGuard.AcquireAsync"/> handed out: <see cref="Lost"/> fires if a heartbeat finds the hold taken over.</summary>
public sealed record RunHold(CancellationToken Lost)
{
    public static RunHold Unbounded { get; } = new(CancellationToken.None);
}
