using PropGrade.Core.Runs;
using PropGrade.Local.Runs;

namespace PropGrade.Local.Tests.Runs;

public sealed class SqliteLeaseStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly LeaseHolder A = new("host-a:1:1:1", "propgrade on host-a (pid 1)", "run-1");
    private static readonly LeaseHolder B = new("host-b:2:2:1", "propgrade on host-b (pid 2)", "run-1");
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-lease-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task TryAcquireAsync_HeldThenRenewedThenExpired_FollowsTheOwnerAndTheClock()
    {
        var store = new SqliteLeaseStore(_dir);

        var taken = await store.TryAcquireAsync("run:run-1", A, Ttl, T0, default);
        var refused = await store.TryAcquireAsync("run:run-1", B, Ttl, T0.AddSeconds(29), default);
        var renewed = await store.TryAcquireAsync("run:run-1", A, Ttl, T0.AddSeconds(20), default);
        var stillRefused = await store.TryAcquireAsync("run:run-1", B, Ttl, T0.AddSeconds(49), default);
        var takenOver = await store.TryAcquireAsync("run:run-1", B, Ttl, T0.AddSeconds(50), default);

        Assert.True(taken.Acquired);
        Assert.False(refused.Acquired);
        Assert.Equal(A.OwnerId, refused.Current.OwnerId);
        Assert.Equal("propgrade on host-a (pid 1)", refused.Current.Description);
        Assert.True(renewed.Acquired);
        Assert.Equal(T0, renewed.Current.AcquiredAt);
        Assert.Equal(T0.AddSeconds(50), renewed.Current.ExpiresAt);
        Assert.False(stillRefused.Acquired);
        Assert.True(takenOver.Acquired);
        Assert.Equal(T0.AddSeconds(50), takenOver.Current.AcquiredAt);
        Assert.Equal(B.OwnerId, (await store.GetAsync("run:run-1", default))!.OwnerId);
    }

    [Fact]
    public async Task ReleaseAsync_OnlyTheOwnerReleases()
    {
        var store = new SqliteLeaseStore(_dir);
        await store.TryAcquireAsync("apikey:http://127.0.0.1:1", A, Ttl, T0, default);

        Assert.False(await store.ReleaseAsync("apikey:http://127.0.0.1:1", B.OwnerId, default));
        Assert.NotNull(await store.GetAsync("apikey:http://127.0.0.1:1", default));
        Assert.True(await store.ReleaseAsync("apikey:http://127.0.0.1:1", A.OwnerId, default));
        Assert.False(await store.ReleaseAsync("apikey:http://127.0.0.1:1", A.OwnerId, default));
        Assert.Null(await store.GetAsync("apikey:http://127.0.0.1:1", default));
    }

    [Fact]
    public async Task TryAcquireAsync_ManyProcessesAtOnce_ExactlyOneHoldsIt()
    {
        var grants = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            new SqliteLeaseStore(_dir).TryAcquireAsync("run:run-1", new LeaseHolder($"host:{i}:1:1", $"process {i}", "run-1"), Ttl, T0, default))));

        var winner = Assert.Single(grants, g => g.Acquired);
        Assert.All(grants, g => Assert.Equal(winner.Current.OwnerId, g.Current.OwnerId));
    }
}
