using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

/// <summary>The lease port's rules in memory (free, expired or ours: taken; otherwise the holder answered), under one lock.</summary>
internal sealed class InMemoryLeaseStore : ILeaseStore
{
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public int Writes { get; private set; }

    public Task<LeaseGrant> TryAcquireAsync(string name, LeaseHolder holder, TimeSpan ttl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var current) && current.OwnerId != holder.OwnerId && !current.IsExpired(now))
            {
                return Task.FromResult(new LeaseGrant(false, current));
            }

            var acquired = current is not null && current.OwnerId == holder.OwnerId ? current.AcquiredAt : now;
            var lease = new Lease(name, holder.OwnerId, holder.Description, holder.RunId, acquired, now, now + ttl);
            _leases[name] = lease;
            Writes++;
            return Task.FromResult(new LeaseGrant(true, lease));
        }
    }

    public Task<bool> ReleaseAsync(string name, string ownerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.TryGetValue(name, out var current) && current.OwnerId == ownerId && _leases.Remove(name));
        }
    }

    public Task<Lease?> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_leases.GetValueOrDefault(name));
        }
    }
}
