using System.Text;
using PropGrade.Core.Audit;

namespace PropGrade.Core.Tests.Audit;

public sealed class RawManifestTests
{
    private static readonly RawManifestEntry Entry = new("seg-000003-1a2b3c4d.jsonl.gz", 5093, 8928, "agents-1a2b3c-000012", 37, new string('a', 64), ["101", "102"]);

    [Fact]
    public void SerializeLine_Entry_IsOneJsonLineWithTheDocumentedFields()
    {
        var line = Encoding.UTF8.GetString(RawManifest.SerializeLine(Entry));

        Assert.Equal(
            "{\"segment\":\"seg-000003-1a2b3c4d.jsonl.gz\",\"offset\":5093,\"length\":8928,\"group\":\"agents-1a2b3c-000012\",\"count\":37,\"sha256\":\""
            + new string('a', 64) + "\",\"agents\":[\"101\",\"102\"]}\n",
            line);
    }

    [Fact]
    public void Parse_TornLastLine_LeftOutAndGarbageLineNamedByNumber()
    {
        var line = RawManifest.SerializeLine(Entry);
        byte[] manifest = [.. line, .. "not json\n"u8, .. line, .. line[..20]];

        var lines = RawManifest.Parse(manifest);

        Assert.Equal(3, lines.Count);
        Assert.Equal(Entry with { Agents = lines[0].Entry!.Agents }, lines[0].Entry);
        Assert.Equal(["101", "102"], lines[0].Entry!.Agents);
        Assert.Null(lines[1].Entry);
        Assert.Equal(2, lines[1].Number);
        Assert.NotNull(lines[1].Error);
        Assert.Equal(3, lines[2].Number);
    }

    [Fact]
    public void AgentsOf_Exchanges_DistinctIdsInFirstSeenOrder()
    {
        var sample = RawExchangeSerializerTests.Sample(1);

        var agents = RawManifest.AgentsOf([sample with { AgentId = "7" }, sample with { AgentId = null }, sample with { AgentId = "3" }, sample with { AgentId = "7" }]);

        Assert.Equal(["7", "3"], agents);
    }
}
