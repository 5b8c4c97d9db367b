using Microsoft.Extensions.Time.Testing;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class ApiKeyLockTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(35);

    [Fact]
    public async Task AcquireAsync_AnotherRunHoldsTheKey_RefusesNamingTheHolderRun()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var keyLock = new ApiKeyLock(store, "arn:aws:secretsmanager:us-east-1:1:secret:key", Ttl, time);
        await keyLock.AcquireAsync("20270101T060000Z-aaaa", default);

        var refused = await Assert.ThrowsAsync<ApiKeyLockedException>(() => keyLock.AcquireAsync("20270101T060500Z-bbbb", default));

        Assert.Equal("20270101T060500Z-bbbb", refused.RunId);
        Assert.Equal("20270101T060000Z-aaaa", refused.HolderRunId);
        Assert.Contains("20270101T060000Z-aaaa", refused.Message, StringComparison.Ordinal);
        Assert.Equal("20270101T060000Z-aaaa", (await keyLock.HolderAsync(default))?.RunId);
    }

    [Fact]
    public async Task AcquireAsync_SameRunAgain_RenewsTheLock()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var keyLock = new ApiKeyLock(store, "listing-api", Ttl, time);
        await keyLock.AcquireAsync("run-a", default);

        time.Advance(TimeSpan.FromMinutes(30));
        await keyLock.AcquireAsync("run-a", default);
        time.Advance(TimeSpan.FromMinutes(30));

        // An hour after it was taken, renewed half-way: still held.
        Assert.Equal("run-a", (await keyLock.HolderAsync(default))?.RunId);
        await Assert.ThrowsAsync<ApiKeyLockedException>(() => keyLock.AcquireAsync("run-b", default));
    }

    [Fact]
    public async Task ReleaseAsync_ByAnotherRun_LeavesTheHolderAlone()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var keyLock = new ApiKeyLock(store, "listing-api", Ttl, time);
        await keyLock.AcquireAsync("run-a", default);

        await keyLock.ReleaseAsync("run-b", default);
        var held = await keyLock.HolderAsync(default);
        await keyLock.ReleaseAsync("run-a", default);

        Assert.Equal("run-a", held?.RunId);
        Assert.Null(await keyLock.HolderAsync(default));
        await keyLock.AcquireAsync("run-b", default);
        Assert.Equal("run-b", (await keyLock.HolderAsync(default))?.RunId);
    }

    [Fact]
    public async Task HolderAsync_NobodyRenewedForTheTtl_IsFree()
    {
        var store = new InMemoryLeaseStore();
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var keyLock = new ApiKeyLock(store, "listing-api", Ttl, time);
        await keyLock.AcquireAsync("run-a", default);

        time.Advance(Ttl);

        Assert.Null(await keyLock.HolderAsync(default));
        await keyLock.AcquireAsync("run-b", default);
    }
}
