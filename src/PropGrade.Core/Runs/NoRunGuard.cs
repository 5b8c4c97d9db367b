namespace PropGrade.Core.Runs;

/// <summary>Holds nothing: for a source no other run can share (the embedded simulator, a regrade's replay, tests).</summary>
public sealed class NoRunGuard : IRunGuard
{
    public static NoRunGuard Instance { get; } = new();

    public Task<RunHold> AcquireAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(RunHold.Unbounded);

    public Task ReleaseAsync(string runId, CancellationToken cancellationToken) => Task.CompletedTask;
}
