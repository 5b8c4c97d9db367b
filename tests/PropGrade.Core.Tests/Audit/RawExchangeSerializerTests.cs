using System.IO.Compression;
using System.Text;
using PropGrade.Core.Audit;

namespace PropGrade.Core.Tests.Audit;

public sealed class RawExchangeSerializerTests
{
    internal static RawExchange Sample(int attempt, byte[]? body = null) => new(
        "run-1",
        "sold",
        "42",
        3,
        attempt,
        "GET",
        "/agents/get-listings?fulfillment_id=7&type=forSold&page=3",
        attempt == 1 ? null : 200,
        new Dictionary<string, string> { ["x-ratelimit-remaining"] = "4", ["content-type"] = "application/json" },
        body ?? [0x7b, 0x22, 0xff, 0x00, 0x0a, 0x7d],
        new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        12.5,
        attempt == 1 ? "retry:reset" : "ok",
        attempt == 1 ? "Connection reset" : null);

    private static async Task<List<RawExchange>> ReadAll(byte[] data)
    {
        var list = new List<RawExchange>();
        await foreach (var exchange in RawExchangeSerializer.ReadAsync(new MemoryStream(data)))
        {
            list.Add(exchange);
        }

        return list;
    }

    [Fact]
    public void Deserialize_Revision1LineWithNumericAgentId_ReadsItAsAString()
    {
        var line = """{"runId":"r","stage":"sold","agentId":884288,"page":1,"attempt":1,"method":"GET","url":"/agents/get-listings?fulfillment_id=3008890&type=forSold&page=1","status":200,"responseHeaders":{},"body":"e30=","startedAt":"2026-11-23T10:00:00+00:00","durationMs":1,"classification":"ok"}"""u8;

        var exchange = RawExchangeSerializer.Deserialize(line);

        Assert.Equal("884288", exchange.AgentId);
        Assert.Contains("\"agentId\":\"884288\"", System.Text.Encoding.UTF8.GetString(RawExchangeSerializer.Serialize(exchange)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TwoGroupsConcatenated_RoundTripsEveryFieldAndBodyBytes()
    {
        var first = RawExchangeSerializer.SerializeGroup("agent-42", [Sample(1), Sample(2)]);
        var second = RawExchangeSerializer.SerializeGroup("agent-43", [Sample(1, Encoding.UTF8.GetBytes("<html>\n</html>"))]);

        var read = await ReadAll([.. first, .. second]);

        Assert.Equal(3, read.Count);
        var original = Sample(2);
        Assert.Equal(original.Body, read[1].Body);
        Assert.Equal(original with { Body = read[1].Body, ResponseHeaders = read[1].ResponseHeaders }, read[1]);
        Assert.Equal(original.ResponseHeaders, read[1].ResponseHeaders);
        Assert.Null(read[0].Status);
        Assert.Equal("<html>\n</html>", Encoding.UTF8.GetString(read[2].Body));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(40, 2)]
    [InlineData(200, 2)]
    public async Task ReadAsync_LastGroupTorn_SkipsOnlyTheTornGroup(int cut, int expected)
    {
        var first = RawExchangeSerializer.SerializeGroup("agent-42", [Sample(1), Sample(2)]);
        var second = RawExchangeSerializer.SerializeGroup("agent-43", [Sample(1), Sample(2), Sample(3)], CompressionLevel.NoCompression);

        var read = await ReadAll([.. first, .. second[..^cut]]);

        // Cutting only the gzip trailer leaves every line and the commit marker readable; a deeper cut loses the
        // marker, and with it the whole torn group.
        Assert.Equal(expected, read.Count);
    }

    [Fact]
    public async Task ReadAsync_GarbageAfterCommittedGroup_KeepsCommittedGroup()
    {
        var first = RawExchangeSerializer.SerializeGroup("agent-42", [Sample(1)]);

        var read = await ReadAll([.. first, 0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]);

        Assert.Single(read);
    }

    [Fact]
    public async Task ReadAsync_MarkerCountDisagrees_DropsTheGroup()
    {
        var text = Encoding.UTF8.GetString(RawExchangeSerializer.Serialize(Sample(1))) + "\n{\"$commit\":\"g\",\"count\":2}\n";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        Assert.Empty(await ReadAll(buffer.ToArray()));
    }
}
