using PropGrade.Core.Audit;

namespace PropGrade.Core.Tests.Audit;

public sealed class RawStoreReadingTests
{
    [Fact]
    public async Task FindMemberStartsAsync_MembersAcrossReadBoundaries_FindsEveryStart()
    {
        var members = Enumerable.Range(0, 40)
            .Select(i => RawExchangeSerializer.SerializeGroup($"g{i}", [RawExchangeSerializerTests.Sample(1, System.Security.Cryptography.RandomNumberGenerator.GetBytes(60_000))]))
            .ToList();
        var expected = new List<long>();
        using var segment = new MemoryStream();
        foreach (var member in members)
        {
            expected.Add(segment.Length);
            segment.Write(member);
        }

        segment.Position = 0;
        var starts = await RawStoreReading.FindMemberStartsAsync(segment);

        Assert.True(segment.Length > 2 << 20);
        Assert.Equal(expected, starts);
    }

    [Fact]
    public async Task ExchangesAsync_FailedGroupBetweenGoodOnes_SkipsOnlyIt()
    {
        var good = RawExchangeSerializer.SerializeGroup("a", [RawExchangeSerializerTests.Sample(1)]);
        var entry = RawManifest.Describe("s.jsonl.gz", 0, good, "a", [RawExchangeSerializerTests.Sample(1)]);

        var read = new List<RawExchange>();
        await foreach (var exchange in RawStoreReading.ExchangesAsync(Groups(
            RawGroupDecoder.Verify(entry, good),
            RawGroupDecoder.Failed(entry, RawIntegrityCodes.Missing, "gone"),
            RawGroupDecoder.Verify(entry, good))))
        {
            read.Add(exchange);
        }

        Assert.Equal(2, read.Count);
    }

    private static async IAsyncEnumerable<RawGroup> Groups(params RawGroup[] groups)
    {
        await Task.Yield();
        foreach (var group in groups)
        {
            yield return group;
        }
    }
}
