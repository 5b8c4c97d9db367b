using Microsoft.Extensions.Time.Testing;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly LeaseHolder First = new("host-a:101:1700000000000:1", "propgrade on host-a (pid 101)", "run-1");
    private static readonly LeaseHolder Second = new("host-b:202:1700000000000:1", "propgrade on host-b (pid 202)", "run-1");

    [Fact]
    public async Task TryTakeAsync_HeldByALiveOwner_TakesNothingAndNamesTheHolder()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var first = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", First, Ttl, time, default)).Keeper;
        Assert.NotNull(first);

        var (second, holder) = await LeaseKeeper.TryTakeAsync(store, "run:run-1", Second, Ttl, time, default);

        Assert.Null(second);
        Assert.Equal(First.OwnerId, holder.OwnerId);
        Assert.Contains("pid 101", holder.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_EveryThirdOfTheTtl_KeepsTheLeaseLongPastOneTtl()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var first = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", First, Ttl, time, default)).Keeper!;

        for (var i = 0; i < 9; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
        }

        // 90 s later (three TTLs) the holder is alive and renewing: nobody else may take it.
        Assert.Equal(9, first.Heartbeats);
        var (second, holder) = await LeaseKeeper.TryTakeAsync(store, "run:run-1", Second, Ttl, time, default);
        Assert.Null(second);
        Assert.Equal(time.GetUtcNow() + Ttl, holder.ExpiresAt);
        Assert.Equal(time.GetUtcNow() - TimeSpan.FromSeconds(90), holder.AcquiredAt);
        Assert.False(first.Lost.IsCancellationRequested);
    }

    [Fact]
    public async Task TryTakeAsync_HolderDiedWithoutReleasing_LeaseIsFreeOnceItExpires()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        // A dead process: it took the lease and never renewed it again (no keeper, no heartbeat).
        Assert.True((await store.TryAcquireAsync("run:run-1", First, Ttl, time.GetUtcNow(), default)).Acquired);

        time.Advance(Ttl - TimeSpan.FromSeconds(1));
        var (early, _) = await LeaseKeeper.TryTakeAsync(store, "run:run-1", Second, Ttl, time, default);
        time.Advance(TimeSpan.FromSeconds(1));
        await using var late = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", Second, Ttl, time, default)).Keeper;

        Assert.Null(early);
        Assert.NotNull(late);
        Assert.Equal(Second.OwnerId, (await store.GetAsync("run:run-1", default))!.OwnerId);
    }

    [Fact]
    public async Task Heartbeat_LeaseTakenOverAfterAMissedHeartbeat_FiresLost()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var first = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", First, Ttl, time, default)).Keeper!;
        // The holder stalled past its expiry (say a suspended laptop) and another executor took the lease meanwhile.
        Assert.True((await store.TryAcquireAsync("run:run-1", Second, Ttl, time.GetUtcNow() + Ttl, default)).Acquired);

        await first.HeartbeatAsync();

        Assert.True(first.Lost.IsCancellationRequested);
        Assert.Equal(Second.OwnerId, (await store.GetAsync("run:run-1", default))!.OwnerId);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesTheLeaseAndStopsTheHeartbeat()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var first = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", First, Ttl, time, default)).Keeper!;

        await first.DisposeAsync();
        var writes = store.Writes;
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Null(await store.GetAsync("run:run-1", default));
        Assert.Equal(writes, store.Writes);
        await using var second = (await LeaseKeeper.TryTakeAsync(store, "run:run-1", Second, Ttl, time, default)).Keeper;
        Assert.NotNull(second);
    }
}
