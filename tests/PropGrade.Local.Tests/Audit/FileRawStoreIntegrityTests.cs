using System.Text;
using PropGrade.Core.Audit;
using PropGrade.Local.Audit;
using PropGrade.Local.Tests.Support;

namespace PropGrade.Local.Tests.Audit;

public sealed class FileRawStoreIntegrityTests : IDisposable
{
    private const string RunId = "run-i";
    private const int Groups = 8;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-rawint-" + Guid.NewGuid().ToString("N"));

    private string RawDir => Path.Combine(_dataDir, "runs", RunId, "raw");

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static RawExchange Exchange(long agent, int page) => new(
        RunId, "sold", agent.ToString(System.Globalization.CultureInfo.InvariantCulture), page, 1, "GET", $"/agents/get-listings?fulfillment_id={agent}&id=NJMLS&agent_id=M{agent}&type=forSold&page={page}",
        200, new Dictionary<string, string>(), Encoding.UTF8.GetBytes($"{{\"listings\":[{{\"listing_id\":\"L{agent}-{page}\",\"sold_price\":500000}}],\"pad\":\"{new string('x', 2000 + (int)agent)}\"}}"),
        DateTimeOffset.UnixEpoch, 3, "ok", null);

    /// <summary>Groups agent-0 .. agent-7 (or more), two pages each, in one segment (or several, with a small <paramref name="segmentBytes"/>).</summary>
    private async Task WriteGroupsAsync(long segmentBytes = 64L << 20, int groups = Groups)
    {
        await using var store = new FileRawStore(_dataDir, new FileRawStoreOptions { SegmentMaxBytes = segmentBytes });
        for (var agent = 0; agent < groups; agent++)
        {
            await using var group = store.OpenGroup(RunId, $"agent-{agent}");
            group.Record(Exchange(agent, 1));
            group.Record(Exchange(agent, 2));
            await group.CommitAsync(CancellationToken.None);
        }
    }

    private async Task<List<RawGroup>> ReadGroupsAsync()
    {
        var list = new List<RawGroup>();
        await foreach (var group in new FileRawStore(_dataDir).ReadGroupsAsync(RunId, CancellationToken.None))
        {
            list.Add(group);
        }

        return list;
    }

    private async Task<List<RawExchange>> ReadExchangesAsync()
    {
        var list = new List<RawExchange>();
        await foreach (var exchange in new FileRawStore(_dataDir).ReadAsync(RunId, CancellationToken.None))
        {
            list.Add(exchange);
        }

        return list;
    }

    [Fact]
    public async Task CommitAsync_EveryGroup_ManifestLineHashesItsExactStoredBytesAfterTheBytes()
    {
        await WriteGroupsAsync();

        var manifest = RawTamper.Manifest(RawDir);
        var segment = File.ReadAllBytes(Path.Combine(RawDir, manifest[0].Segment));

        Assert.Equal(Groups, manifest.Count);
        long expectedOffset = 0;
        for (var i = 0; i < Groups; i++)
        {
            var entry = manifest[i];
            Assert.Equal($"agent-{i}", entry.Group);
            Assert.Equal(2, entry.Count);
            Assert.Equal([i.ToString(System.Globalization.CultureInfo.InvariantCulture)], entry.Agents);
            Assert.Equal(expectedOffset, entry.Offset);
            Assert.Equal(RawGroupDecoder.Sha256Hex(segment.AsSpan((int)entry.Offset, entry.Length)), entry.Sha256);
            expectedOffset += entry.Length;
        }

        Assert.Equal(segment.Length, expectedOffset);
    }

    [Fact]
    public async Task ReadGroupsAsync_PriceRewrittenInsideAValidGzipMember_RefusedByNameAndLaterGroupsStillVerified()
    {
        await WriteGroupsAsync();
        var target = RawTamper.Manifest(RawDir)[3];
        var newLength = RawTamper.PricesTimesTen(RawDir, target);
        Assert.NotEqual(target.Length, newLength);

        var groups = await ReadGroupsAsync();
        var exchanges = await ReadExchangesAsync();

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.Equal("agent-3", refused.Entry.Group);
        Assert.Equal(RawIntegrityCodes.Sha256Mismatch, refused.Failure!.Code);
        Assert.StartsWith($"raw group agent-3 in {target.Segment}: sha256 mismatch", refused.Describe(), StringComparison.Ordinal);
        Assert.Equal(["agent-0", "agent-1", "agent-2", "agent-4", "agent-5", "agent-6", "agent-7"],
            groups.Where(g => g.State == RawGroupState.Verified).Select(g => g.Entry.Group));
        Assert.Equal(14, exchanges.Count);
        Assert.DoesNotContain(exchanges, e => e.AgentId == "3");
        Assert.DoesNotContain(exchanges, e => Encoding.UTF8.GetString(e.Body).Contains("5000000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadGroupsAsync_SixteenBytesFlippedMidSegment_OnlyThatGroupLostAndLaterGroupsRead()
    {
        await WriteGroupsAsync();
        var manifest = RawTamper.Manifest(RawDir);
        var path = Path.Combine(RawDir, manifest[0].Segment);
        // The group holding the segment's middle byte, hit 16 bytes in its own middle (never across two groups).
        var half = new FileInfo(path).Length / 2;
        var hit = manifest.First(e => e.Offset + e.Length > half);
        var middle = hit.Offset + (hit.Length / 2) - 8;
        RawTamper.FlipBytes(path, middle, 16);

        var groups = await ReadGroupsAsync();
        var exchanges = await ReadExchangesAsync();

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.Equal(hit.Group, refused.Entry.Group);
        Assert.Equal(hit.Segment, refused.Entry.Segment);
        Assert.Equal(RawIntegrityCodes.Sha256Mismatch, refused.Failure!.Code);
        Assert.Equal(Groups - 1, groups.Count(g => g.State == RawGroupState.Verified));
        Assert.Contains(groups, g => g.State == RawGroupState.Verified && g.Entry.Offset > hit.Offset);
        Assert.Equal((Groups - 1) * 2, exchanges.Count);
    }

    [Fact]
    public async Task ReadGroupsAsync_ManifestMissing_EveryGroupReadUnverified()
    {
        await WriteGroupsAsync();
        var manifestFile = Assert.Single(Directory.GetFiles(RawDir, "*" + FileRawStore.ManifestExtension));
        File.Delete(manifestFile);

        var groups = await ReadGroupsAsync();

        Assert.Equal(Groups, groups.Count);
        Assert.All(groups, g => Assert.Equal(RawGroupState.Unverified, g.State));
        Assert.Equal(Groups * 2, (await ReadExchangesAsync()).Count);
    }

    [Fact]
    public async Task ReadGroupsAsync_ManifestMissingAndAMiddleMemberDamaged_LaterMembersStillRead()
    {
        await WriteGroupsAsync();
        var manifest = RawTamper.Manifest(RawDir);
        File.Delete(Assert.Single(Directory.GetFiles(RawDir, "*" + FileRawStore.ManifestExtension)));
        RawTamper.FlipBytes(Path.Combine(RawDir, manifest[2].Segment), manifest[2].Offset + (manifest[2].Length / 2), 16);

        var groups = await ReadGroupsAsync();

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.Equal(manifest[2].Offset, refused.Entry.Offset);
        Assert.Equal(RawIntegrityCodes.Unreadable, refused.Failure!.Code);
        Assert.Equal(Groups - 1, groups.Count(g => g.State == RawGroupState.Unverified));
        Assert.Equal((Groups - 1) * 2, (await ReadExchangesAsync()).Count);
    }

    [Fact]
    public async Task ReadGroupsAsync_SegmentDeleted_EveryGroupItHeldRefusedAsMissing()
    {
        await WriteGroupsAsync();
        File.Delete(Assert.Single(Directory.GetFiles(RawDir, "*.jsonl.gz")));

        var groups = await ReadGroupsAsync();

        Assert.Equal(Groups, groups.Count);
        Assert.All(groups, g => Assert.Equal(RawIntegrityCodes.Missing, g.Failure?.Code));
        Assert.Equal(["0"], groups[0].Entry.Agents);
        Assert.Empty(await ReadExchangesAsync());
    }

    [Fact]
    public async Task ReadGroupsAsync_MemberWrittenButItsManifestLineNot_IsNotRead()
    {
        await WriteGroupsAsync();
        var segment = Assert.Single(Directory.GetFiles(RawDir, "*.jsonl.gz"));
        using (var file = new FileStream(segment, FileMode.Append))
        {
            // A crash after the member's fsync, before its manifest line: the commit was never acknowledged.
            file.Write(RawExchangeSerializer.SerializeGroup("agent-99", [Exchange(99, 1)]));
        }

        var groups = await ReadGroupsAsync();

        Assert.Equal(Groups, groups.Count);
        Assert.All(groups, g => Assert.Equal(RawGroupState.Verified, g.State));
        Assert.DoesNotContain(await ReadExchangesAsync(), e => e.AgentId == "99");
    }

    [Fact]
    public async Task ReadGroupsAsync_ManifestLineGarbled_RefusedAsManifestUnreadableOthersVerified()
    {
        await WriteGroupsAsync();
        var manifestFile = Assert.Single(Directory.GetFiles(RawDir, "*" + FileRawStore.ManifestExtension));
        var lines = File.ReadAllLines(manifestFile);
        lines[5] = new string('#', lines[5].Length);
        File.WriteAllText(manifestFile, string.Join('\n', lines) + "\n");

        var groups = await ReadGroupsAsync();

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.Equal(RawIntegrityCodes.ManifestUnreadable, refused.Failure!.Code);
        Assert.Contains("line 6", refused.Entry.Group, StringComparison.Ordinal);
        Assert.Equal(Groups - 1, groups.Count(g => g.State == RawGroupState.Verified));
    }

    [Fact]
    public async Task ReadGroupsAsync_MiddleSegmentDeletedWithItsManifest_GapRefusedAsMissingLaterSegmentsRead()
    {
        await WriteGroupsAsync(segmentBytes: 4096, groups: 30);
        var manifest = RawTamper.Manifest(RawDir);
        var second = manifest.Where(e => e.Segment.StartsWith("seg-000002-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(second);
        Assert.Contains(manifest, e => string.CompareOrdinal(e.Segment, second[0].Segment) > 0);
        File.Delete(Path.Combine(RawDir, second[0].Segment));
        File.Delete(Path.Combine(RawDir, FileRawStore.ManifestNameOf(second[0].Segment)));

        var groups = await ReadGroupsAsync();

        var refused = Assert.Single(groups, g => g.State == RawGroupState.Failed);
        Assert.Equal((RawIntegrityCodes.Missing, "seg-000002-*.jsonl.gz"), (refused.Failure!.Code, refused.Entry.Segment));
        Assert.Equal(manifest.Count - second.Count, groups.Count(g => g.State == RawGroupState.Verified));
        Assert.Contains(groups, g => g.State == RawGroupState.Verified && g.Entry.Segment.StartsWith("seg-000003-", StringComparison.Ordinal));
    }
}
