using System.Security.Cryptography;
using System.Text;
using PropGrade.Core.Audit;
using PropGrade.Local.Audit;

namespace PropGrade.Local.Tests.Audit;

public sealed class FileRawStoreTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "propgrade-raw-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static RawExchange Exchange(string runId, long agent, int attempt, byte[] body) => new(
        runId, "sold", agent.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, attempt, "GET", $"/agents/get-listings?fulfillment_id={agent}&type=forSold&page=1",
        200, new Dictionary<string, string> { ["content-type"] = "application/json" }, body,
        DateTimeOffset.UnixEpoch, 3, "ok", null);

    private static async Task<List<RawExchange>> ReadAll(IRawStore store, string runId)
    {
        var list = new List<RawExchange>();
        await foreach (var exchange in store.ReadAsync(runId, CancellationToken.None))
        {
            list.Add(exchange);
        }

        return list;
    }

    [Fact]
    public async Task ReadAsync_CommittedGroups_ReturnsByteIdenticalBodiesUnderRunRawDirectory()
    {
        var bodies = Enumerable.Range(0, 20).Select(i => RandomNumberGenerator.GetBytes(100 + (i * 37))).ToArray();
        await using (var store = new FileRawStore(_dataDir))
        {
            for (var agent = 0; agent < 4; agent++)
            {
                await using var group = store.OpenGroup("run-a", $"agent-{agent}");
                for (var i = 0; i < 5; i++)
                {
                    group.Record(Exchange("run-a", agent, i + 1, bodies[(agent * 5) + i]));
                }

                await group.CommitAsync(CancellationToken.None);
            }
        }

        var read = await ReadAll(new FileRawStore(_dataDir), "run-a");

        Assert.Equal(20, read.Count);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(bodies[i], read[i].Body);
        }

        var files = Directory.GetFiles(Path.Combine(_dataDir, "runs", "run-a", "raw")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length);
        Assert.EndsWith(".jsonl.gz", files[0], StringComparison.Ordinal);
        Assert.Equal(FileRawStore.ManifestNameOf(files[0]!), files[1]);
    }

    [Fact]
    public async Task ReadAsync_GroupDisposedWithoutCommit_IsNotVisible()
    {
        await using var store = new FileRawStore(_dataDir);
        await using (var committed = store.OpenGroup("run-b", "agent-1"))
        {
            committed.Record(Exchange("run-b", 1, 1, [1]));
            await committed.CommitAsync(CancellationToken.None);
        }

        await using (var dropped = store.OpenGroup("run-b", "agent-2"))
        {
            dropped.Record(Exchange("run-b", 2, 1, [2]));
        }

        var read = await ReadAll(store, "run-b");

        Assert.Equal("1", Assert.Single(read).AgentId);
    }

    [Fact]
    public async Task ReadAsync_TornLastMemberAfterCrash_SkipsItAndNewStoreWritesNewSegment()
    {
        await using (var store = new FileRawStore(_dataDir))
        {
            for (var agent = 1; agent <= 2; agent++)
            {
                await using var group = store.OpenGroup("run-c", $"agent-{agent}");
                group.Record(Exchange("run-c", agent, 1, Encoding.UTF8.GetBytes($"body-{agent}")));
                await group.CommitAsync(CancellationToken.None);
            }
        }

        // Simulate a crash in the middle of writing the second group's member.
        var segment = Assert.Single(Directory.GetFiles(Path.Combine(_dataDir, "runs", "run-c", "raw"), "*.jsonl.gz"));
        var secondMember = RawExchangeSerializer.SerializeGroup("agent-2", [Exchange("run-c", 2, 1, Encoding.UTF8.GetBytes("body-2"))]);
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - secondMember.Length + (secondMember.Length / 2));
        }

        await using (var restarted = new FileRawStore(_dataDir))
        {
            await using var group = restarted.OpenGroup("run-c", "agent-2");
            group.Record(Exchange("run-c", 2, 1, Encoding.UTF8.GetBytes("body-2-again")));
            await group.CommitAsync(CancellationToken.None);
        }

        var read = await ReadAll(new FileRawStore(_dataDir), "run-c");

        Assert.Equal(["body-1", "body-2-again"], read.Select(r => Encoding.UTF8.GetString(r.Body)));
        var segments = Directory.GetFiles(Path.Combine(_dataDir, "runs", "run-c", "raw"), "*.jsonl.gz").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, segments.Length);
        Assert.StartsWith("seg-000001-", segments[0], StringComparison.Ordinal);
        Assert.StartsWith("seg-000002-", segments[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentGroups_AllRecordsReadableAndSegmentsRoll()
    {
        var options = new FileRawStoreOptions { SegmentMaxBytes = 16 * 1024 };
        await using (var store = new FileRawStore(_dataDir, options))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (agent, ct) =>
            {
                await using var group = store.OpenGroup("run-d", $"agent-{agent}");
                group.Record(Exchange("run-d", agent, 1, RandomNumberGenerator.GetBytes(200)));
                group.Record(Exchange("run-d", agent, 2, Encoding.UTF8.GetBytes($"agent {agent}")));
                await group.CommitAsync(ct);
            });
        }

        var read = await ReadAll(new FileRawStore(_dataDir), "run-d");

        Assert.Equal(800, read.Count);
        Assert.Equal(400, read.Select(r => r.AgentId).Distinct().Count());
        Assert.All(read.Where(r => r.Attempt == 2), r => Assert.Equal($"agent {r.AgentId}", Encoding.UTF8.GetString(r.Body)));
        Assert.True(Directory.GetFiles(Path.Combine(_dataDir, "runs", "run-d", "raw"), "*.jsonl.gz").Length > 1);
        var groups = await ReadGroups(new FileRawStore(_dataDir), "run-d");
        Assert.Equal(400, groups.Count);
        Assert.All(groups, g => Assert.Equal(RawGroupState.Verified, g.State));
    }

    private static async Task<List<RawGroup>> ReadGroups(IRawStore store, string runId)
    {
        var list = new List<RawGroup>();
        await foreach (var group in store.ReadGroupsAsync(runId, CancellationToken.None))
        {
            list.Add(group);
        }

        return list;
    }

    [Fact]
    public async Task ReadAsync_UnknownRun_IsEmpty()
    {
        await using var store = new FileRawStore(_dataDir);

        Assert.Empty(await ReadAll(store, "never-ran"));
    }

    [Fact]
    public void OpenGroup_RunIdWithPathSeparator_Throws()
    {
        var store = new FileRawStore(_dataDir);

        Assert.Throws<ArgumentException>(() => store.OpenGroup("../x", "g"));
    }
}
