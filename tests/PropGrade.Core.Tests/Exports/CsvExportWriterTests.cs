using PropGrade.Core.Exports;
using static PropGrade.Core.Tests.Exports.ExportTestData;

namespace PropGrade.Core.Tests.Exports;

public sealed class CsvExportWriterTests
{
    [Fact]
    public async Task WriteAsync_Rows_KeepsTheContractColumnsAndFormatting()
    {
        var csv = await CsvAsync([Row(1, "A", name: "Agent, \"1\"", market: "02116", volume: 1_000_000.5m, sides: 12.25m)]);

        Assert.Equal(
            "advertiser_id,fulfillment_id,name,office,tier,sold_volume,sold_sides,active_volume,active_count,initial_tier,complete,stop_reason,pages_fetched,movement,"
            + "nrds_id,phone,office_phone,email,license,broker,city,state,profile_url,previous_tier,undisclosed_sales,volume_estimated,market,unknown_sides\n"
            + "1,1001,\"Agent, \"\"1\"\"\",Office,A,1000001,12.3,0,0,B,true,tier_settled,3,,,,,,,,,,,,0,false,02116,0\n",
            csv);
    }

    [Fact]
    public async Task WriteAsync_NoBomByDefault_BomWhenAsked()
    {
        using var plain = new MemoryStream();
        using var withBom = new MemoryStream();

        await CsvExportWriter.WriteAsync(plain, [Row(1, "A")], ExportOptions.Default, CancellationToken.None);
        await CsvExportWriter.WriteAsync(withBom, [Row(1, "A")], new ExportOptions { CsvUtf8Bom = true }, CancellationToken.None);

        Assert.Equal((byte)'a', plain.ToArray()[0]);
        Assert.Equal([0xEF, 0xBB, 0xBF], withBom.ToArray()[..3]);
        Assert.Equal(plain.ToArray(), withBom.ToArray()[3..]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+SUM(1)")]
    [InlineData("-1+1")]
    [InlineData("@cmd")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    [InlineData("   =1+1")]
    public async Task WriteAsync_FormulaLikeText_IsPrefixedWithAQuote(string name)
    {
        var fields = Csv.Fields(await CsvAsync([Row(1, "A", name: name, office: name)]))[1];

        Assert.Equal("'" + name, fields[2]);
        Assert.Equal("'" + name, fields[3]);
        Assert.Equal("1", fields[0]);
        Assert.Equal("1000001", fields[5]);
    }

    [Fact]
    public async Task WriteAsync_AsyncRows_StreamsEveryRow()
    {
        static async IAsyncEnumerable<GradedRow> Rows()
        {
            for (var i = 1; i <= 5_000; i++)
            {
                await Task.Yield();
                yield return Row(i, "A");
            }
        }

        using var output = new MemoryStream();
        await CsvExportWriter.WriteAsync(output, Rows(), ExportOptions.Default, CancellationToken.None);

        var records = Csv.Fields(System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(5_001, records.Count);
        Assert.Equal("5000", records[^1][0]);
    }
}
