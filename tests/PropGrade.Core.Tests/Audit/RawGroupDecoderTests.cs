using System.Text;
using System.Text.RegularExpressions;
using PropGrade.Core.Audit;

namespace PropGrade.Core.Tests.Audit;

public sealed class RawGroupDecoderTests
{
    private static RawExchange Sold(long agent, decimal price) => RawExchangeSerializerTests.Sample(2, Encoding.UTF8.GetBytes($"{{\"listings\":[{{\"sold_price\":{price}}}]}}")) with { AgentId = agent.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static (byte[] Member, RawManifestEntry Entry) Group(string key, params RawExchange[] exchanges)
    {
        var member = RawExchangeSerializer.SerializeGroup(key, exchanges);
        return (member, RawManifest.Describe("seg-000001-aaaaaaaa.jsonl.gz", 0, member, key, exchanges));
    }

    /// <summary>The adversarial edit: every sold price ×10, re-serialized and re-compressed into a valid gzip member.</summary>
    internal static byte[] PricesTimesTen(byte[] member, string key)
    {
        var group = RawGroupDecoder.ReadUnverified("s.jsonl.gz", 0, member);
        var exchanges = group.Exchanges()
            .Select(e => e with { Body = Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(e.Body), "\"sold_price\":([0-9]+)", m => $"\"sold_price\":{m.Groups[1].Value}0")) })
            .ToArray();
        return RawExchangeSerializer.SerializeGroup(key, exchanges);
    }

    [Fact]
    public void Verify_StoredBytesAsCommitted_VerifiedWithEveryRecord()
    {
        var (member, entry) = Group("agents-x-000001", Sold(1, 500_000), Sold(2, 700_000));

        var group = RawGroupDecoder.Verify(entry, member);

        Assert.Equal(RawGroupState.Verified, group.State);
        Assert.Equal(["1", "2"], group.Exchanges().Select(e => e.AgentId!));
        Assert.Equal(["1", "2"], entry.Agents);
        Assert.Equal(member.Length, entry.Length);
    }

    [Fact]
    public void Verify_PriceRewrittenInsideAValidGzipMember_RefusedAsSha256Mismatch()
    {
        var (member, entry) = Group("agents-x-000001", Sold(1, 500_000));
        var tampered = PricesTimesTen(member, "agents-x-000001");
        Assert.Contains("5000000", Encoding.UTF8.GetString(RawExchangeSerializer.Deserialize(Lines(tampered)[0]).Body), StringComparison.Ordinal);

        var group = RawGroupDecoder.Verify(entry with { Length = tampered.Length }, tampered);

        Assert.Equal(RawGroupState.Failed, group.State);
        Assert.Equal(RawIntegrityCodes.Sha256Mismatch, group.Failure!.Code);
        Assert.Empty(group.Records);
        Assert.StartsWith("raw group agents-x-000001 in seg-000001-aaaaaaaa.jsonl.gz: sha256 mismatch", group.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FewerBytesThanTheManifestSays_RefusedAsTruncated()
    {
        var (member, entry) = Group("g", Sold(1, 1));

        var group = RawGroupDecoder.Verify(entry, member.AsMemory(0, member.Length - 10));

        Assert.Equal(RawIntegrityCodes.Truncated, group.Failure!.Code);
    }

    [Fact]
    public void Verify_HashMatchesButMarkerNamesAnotherCount_RefusedAsMarkerMismatch()
    {
        var (member, entry) = Group("g", Sold(1, 1), Sold(2, 2));

        var group = RawGroupDecoder.Verify(entry with { Count = 3 }, member);

        Assert.Equal(RawIntegrityCodes.MarkerMismatch, group.Failure!.Code);
    }

    [Fact]
    public void ReadUnverified_TwoMembersConcatenated_ReadsBothGroupsUnverified()
    {
        var first = Group("a", Sold(1, 1)).Member;
        var second = Group("b", Sold(2, 2), Sold(3, 3)).Member;

        var group = RawGroupDecoder.ReadUnverified("seg-000001-aaaaaaaa.jsonl.gz", 0, (byte[])[.. first, .. second]);

        Assert.Equal(RawGroupState.Unverified, group.State);
        Assert.Equal(3, group.Records.Count);
        Assert.Equal("a,b", group.Entry.Group);
        Assert.Null(group.Entry.Agents);
    }

    [Fact]
    public void ReadUnverified_MemberCutShort_FailedButKeepsNothingOfTheCutGroup()
    {
        var member = Group("a", Sold(1, 1), Sold(2, 2)).Member;

        var group = RawGroupDecoder.ReadUnverified("s.jsonl.gz", 0, member.AsMemory(0, member.Length / 2));

        Assert.Equal(RawGroupState.Failed, group.State);
        Assert.Empty(group.Records);
    }

    private static byte[][] Lines(byte[] member)
    {
        var group = RawGroupDecoder.ReadUnverified("s.jsonl.gz", 0, member);
        return [.. group.Records.Select(r => group.Content.AsSpan(r.Offset, r.Length).ToArray())];
    }
}
