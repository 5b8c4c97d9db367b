using System.Text.Json;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Probe;

namespace PropGrade.ListingApi.Tests.Probe;

/// <summary>Field-by-field checks of raw bodies against contract revision 2 (Samples/*.json and variations of them).</summary>
public sealed class ResponseInspectorTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static List<string> Failures(ResponseInspector inspector) => [.. inspector.Fields.All.Select(f => f.Failure()).OfType<string>()];

    private static ResponseInspector Listings(string json, ListingKind kind = ListingKind.ForSold)
    {
        var inspector = new ResponseInspector();
        using var document = JsonDocument.Parse(json);
        inspector.InspectListings(document.RootElement, kind);
        return inspector;
    }

    [Fact]
    public void InspectListings_ContractSample_HasNoFailureAndWarnsOfThePartlyMissingFields()
    {
        var inspector = Listings(Sample("listings-sold.json"));

        Assert.Empty(Failures(inspector));
        var warnings = inspector.Fields.All.Select(f => f.Warning()).OfType<string>().ToList();
        Assert.Contains(warnings, w => w.StartsWith("get-listings forSold: data.forSold.results[].description.sold_date missing on 1 of", StringComparison.Ordinal));
        var soldPrice = inspector.Fields.All.Single(f => f.Path == "data.forSold.results[].description.sold_price").ToCheck();
        Assert.Equal(("ok", "sold listings"), (soldPrice.Verdict, soldPrice.Condition));
        Assert.True(soldPrice.Null >= 2);
        var listingId = inspector.Fields.All.Single(f => f.Path == "data.forSold.results[].listing_id").ToCheck();
        Assert.Contains("sent as number", listingId.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectListings_SoldPriceRenamed_NamesTheMissingFieldAndTheCandidate()
    {
        var inspector = Listings(Sample("listings-sold.json").Replace("\"sold_price\"", "\"last_sold_price\"", StringComparison.Ordinal));

        var failure = Assert.Single(Failures(inspector));
        Assert.Equal("get-listings forSold: data.forSold.results[0].description.sold_price missing (sold listings): is the field renamed? saw description.last_sold_price", failure);
    }

    [Fact]
    public void InspectListings_Revision1FlatEnvelope_SaysSo()
    {
        var inspector = Listings(Sample("listings-sold-revision1.json"));

        var failure = Assert.Single(Failures(inspector));
        Assert.StartsWith("get-listings forSold: data missing: the body has matching_rows, page, page_size, listings: the revision-1 flat envelope?", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectListings_OtherTypeKey_NamesWhatDataHolds()
    {
        var inspector = Listings("""{"data": {"home_search": {"total": 1, "count": 1, "results": []}}}""");

        Assert.Equal("get-listings forSold: data.forSold missing: data has home_search", Assert.Single(Failures(inspector)));
    }

    [Fact]
    public void InspectListings_WrongTypesAndValues_AreNamedByPath()
    {
        var inspector = Listings("""
            {"data": {"forSale": {"total": "many", "count": 1, "results": [
              {"listing_id": "1", "status": "pending", "list_price": 5, "advertisers": [{"fulfillment_id": "7", "type": 3}]}]}}}
            """, ListingKind.ForSale);

        var failures = Failures(inspector);
        Assert.Contains("get-listings forSale: data.forSale.total is the string 'many', expected number", failures);
        Assert.Contains(failures, f => f.StartsWith("get-listings forSale: data.forSale.results[0].status is 'pending', not one of sold, for_sale, off_market, for_rent", StringComparison.Ordinal));
        Assert.Contains("get-listings forSale: data.forSale.results[0].advertisers[0].type is number, expected string", failures);
    }

    [Fact]
    public void InspectListings_PreviousSaleOnListingsNotSold_IsCountedNeverRequired()
    {
        var inspector = Listings(Sample("listings-active.json"), ListingKind.ForSale);

        Assert.Empty(Failures(inspector));
        Assert.True(inspector.PreviousSaleOnNotSold > 0);
        Assert.True(inspector.NotSoldListings >= inspector.PreviousSaleOnNotSold);
    }

    [Fact]
    public void InspectAgentList_ContractSample_Maps()
    {
        var inspector = new ResponseInspector();
        using var document = JsonDocument.Parse(Sample("agents-list.json"));

        inspector.InspectAgentList(document.RootElement);

        Assert.Empty(Failures(inspector));
        Assert.Equal("ok", inspector.Fields.All.Single(f => f.Path == "agents[].recently_sold.count").ToCheck().Verdict);
    }

    [Fact]
    public void InspectAgentList_NoProfileFigures_FailsBecauseTheBoundWouldReadZero()
    {
        var inspector = new ResponseInspector();
        using var document = JsonDocument.Parse("""{"matching_rows": 1, "agents": [{"advertiser_id": 5, "mls": [], "for_sale_price": {"count": 0, "max": null}, "recentlySold": {"count": 3, "max": 10}}]}""");

        inspector.InspectAgentList(document.RootElement);

        Assert.Equal(
            "agents/list: agents[0].recently_sold missing (the profile bound's figures): is the field renamed? saw agents[0].recentlySold",
            Assert.Single(Failures(inspector)));
    }

    [Fact]
    public void InspectProfile_AnotherEnvelope_NamesIt()
    {
        var inspector = new ResponseInspector();
        using var document = JsonDocument.Parse("""{"data": {"advertiser_id": 5}}""");

        inspector.InspectProfile(document.RootElement);

        Assert.Equal("get-profile: agent missing: the body has data", Assert.Single(Failures(inspector)));
    }
}
