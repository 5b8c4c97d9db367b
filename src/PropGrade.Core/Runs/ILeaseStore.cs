namespace PropGrade.Core.Runs;

/// <summary>
/// Named leases with an owner and an expiry (the port): one executor per run locally (<c>run:{runId}</c>) and one
/// active run per API key everywhere (<c>apikey:{key source}</c>). SQLite locally, an item of the runs table on AWS.
/// Every write is one conditional statement, so two contenders never both hold a lease.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes <paramref name="name"/> for <paramref name="holder"/> when nobody holds it, when its holder's lease expired
    /// (nothing renewed it for <paramref name="ttl"/>), or when <paramref name="holder"/> holds it already (a renewal:
    /// the expiry moves to <paramref name="now"/> + <paramref name="ttl"/>, the acquisition time stays). Otherwise
    /// changes nothing and answers who holds it.
    /// </summary>
    Task<LeaseGrant> TryAcquireAsync(string name, LeaseHolder holder, TimeSpan ttl, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when <paramref name="ownerId"/> holds it; false (nothing changed) otherwise. Idempotent.</summary>
    Task<bool> ReleaseAsync(string name, string ownerId, CancellationToken cancellationToken);

    /// <summary>The lease as stored (possibly expired); null when nobody ever took it or it was released.</summary>
    Task<Lease?> GetAsync(string name, CancellationToken cancellationToken);
}
