using System.Text;
using PropGrade.Core.Exports;
using PropGrade.Core.Listings;
using static PropGrade.Core.Tests.Exports.ExportTestData;

namespace PropGrade.Core.Tests.Exports;

/// <summary><c>contacts.csv</c>: the file a sales team imports into HubSpot or Salesforce as is.</summary>
public sealed class ContactsCsvTests
{
    private static readonly AgentContact Contact = new("512004417", "(512) 555-0147", "(512) 555-0100", "dana@example.com", "0612345 (ACTX)", "Longhorn Properties LLC", "Austin", "TX", "https://www.realtor.com/realestateagents/2210987");

    private static async Task<byte[]> ContactsAsync(IReadOnlyList<GradedRow> rows, ExportOptions? options = null)
    {
        using var output = new MemoryStream();
        await CsvExportWriter.WriteContactsAsync(output, rows.ToAsyncEnumerable(), options ?? ExportOptions.Default, CancellationToken.None);
        return output.ToArray();
    }

    [Fact]
    public async Task WriteContactsAsync_Headers_AreHubSpotAndSalesforceStandardContactHeadersThenPropGrades()
    {
        var text = Encoding.UTF8.GetString(await ContactsAsync([]));

        Assert.Equal(
            "\uFEFFFirst Name,Last Name,Email,Phone Number,Company Name,City,State/Region,Website URL,Office Phone,Broker,License Number,NRDS ID,Advertiser ID,"
            + "PropGrade Tier,PropGrade Closed Volume,PropGrade Sides,PropGrade Active Volume,PropGrade Movement,PropGrade Previous Tier,PropGrade Market ZIP\n",
            text);
    }

    [Fact]
    public async Task WriteContactsAsync_StartsWithAUtf8ByteOrderMark_UnlessTurnedOff()
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], (await ContactsAsync([Row(1, "A")]))[..3]);
        Assert.Equal((byte)'F', (await ContactsAsync([Row(1, "A")], new ExportOptions { ContactsUtf8Bom = false }))[0]);
    }

    [Fact]
    public async Task WriteContactsAsync_Row_CarriesSplitNameContactTierAndVolume()
    {
        var row = Row(2210987, "A", name: "Dana Q. Whitfield", office: "LONGHORN PROPERTIES", market: "02116", volume: 41_250_000.4m, sides: 31.5m)
            with { Contact = Contact, Movement = "up", PreviousTier = "B" };

        var fields = Csv.Fields(Encoding.UTF8.GetString(await ContactsAsync([row]))[1..])[1];

        Assert.Equal(
            ["Dana Q.", "Whitfield", "dana@example.com", "(512) 555-0147", "LONGHORN PROPERTIES", "Austin", "TX", "https://www.realtor.com/realestateagents/2210987",
             "(512) 555-0100", "Longhorn Properties LLC", "0612345 (ACTX)", "512004417", "2210987", "A", "41250000", "31.5", "0", "up", "B", "02116"],
            fields);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+SUM(1)")]
    [InlineData("@cmd")]
    public async Task WriteContactsAsync_FormulaLikeNames_AreInert(string name)
    {
        var row = Row(1, "A", name: name, office: name) with { Contact = Contact with { Email = name, City = name } };

        var fields = Csv.Fields(Encoding.UTF8.GetString(await ContactsAsync([row]))[1..])[1];

        Assert.All(fields, f => Assert.False(FormulaGuard.IsRisky(f), $"'{f}' could start a formula"));
        Assert.Contains("'" + name, fields);
    }
}
