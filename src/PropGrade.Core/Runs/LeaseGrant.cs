namespace PropGrade.Core.Runs;

/// <summary>The answer of <see cref="ILeaseStore.TryAcquireAsync"/>: whether the caller holds the lease now, and the lease as stored.</summary>
public sealed record LeaseGrant(bool Acquired, Lease Current);
