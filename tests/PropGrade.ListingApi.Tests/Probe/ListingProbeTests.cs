using System.Text;
using PropGrade.ListingApi.Probe;
using PropGrade.Simulator;

namespace PropGrade.ListingApi.Tests.Probe;

/// <summary><c>propgrade probe</c>'s logic against the simulator over real HTTP, requests counted on the server side.</summary>
[Trait("Category", "Integration")]
public sealed class ListingProbeTests
{
    [Fact]
    public async Task RunAsync_DefaultSimulator_PassesInAtMostEightServerCountedCalls()
    {
        await using var sim = await ProbeSimulator.StartAsync();

        var report = await sim.ProbeAsync();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        Assert.Equal(8, report.Budget.Calls);
        var served = await sim.ServedAsync();
        Assert.True(served <= 8, $"the simulator served {served} requests");
        Assert.Equal(served, report.RequestsSent);
        Assert.Equal(served, report.Calls.Count);
        Assert.Equal("works", report.Discovery.OffsetPaging);
        Assert.Equal(86, report.Discovery.MatchingRows);
        Assert.Equal("matches the list entry", report.Profile.Verdict);
        Assert.Equal("newest first", report.Listings.SoldOrder);
        Assert.Equal(10, report.Listings.PageSize);
        Assert.All(report.V2, v => Assert.Equal("not available", v.Verdict));
        Assert.Equal(["/agents/v2/list", "/agents/v2/get-profile", "/agents/v2/get-listings"], report.V2.Select(v => v.Endpoint));
        Assert.NotNull(report.RateLimits.QuotaLeft);
        Assert.NotNull(report.RateLimits.RequestsReset);
        Assert.All(report.Fields.Where(f => f.Required), f => Assert.Equal("ok", f.Verdict));
        Assert.Contains(report.Fields, f => f.Path == "data.forSold.results[].description.sold_price" && f.Condition == "sold listings" && f.Seen == 10);
    }

    [Fact]
    public async Task RunAsync_RateLimitedApi_ReportsTheWindowHeadersAndTheQuotaLeft()
    {
        await using var sim = await ProbeSimulator.StartAsync(o =>
        {
            o.RatePerSecond = 50;
            o.PeriodQuota = 500;
        });

        var report = await sim.ProbeAsync(o => o.RequestsPerSecond = 20);

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        Assert.Equal("500", report.RateLimits.RequestsLimit);
        Assert.Equal(500 - report.RequestsSent, report.RateLimits.QuotaLeft);
        Assert.Equal("50", report.RateLimits.Limit);
        Assert.NotNull(report.RateLimits.Remaining);
        Assert.NotNull(report.RateLimits.Reset);
        Assert.Contains("quota: ", report.RateLimits.Summary, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> Drifts => new()
    {
        { DriftNames.SoldPriceRenamed, ["data.forSold.results[0].description.sold_price missing (sold listings)", "saw description.last_sold_price"] },
        { DriftNames.FlatEnvelope, ["get-listings forSold: data missing", "revision-1 flat envelope"] },
        { DriftNames.UnsortedSold, ["forSold order", "description.sold_date", "is newer than"] },
        { DriftNames.RemovedEndpoint, ["404 \"Endpoint '/agents/get-listings' does not exist\"", "endpoint_missing"] },
        { DriftNames.PendingStatus, ["data.forSale.results[4].status is 'pending'", "flags.is_pending"] },
    };

    [Theory]
    [MemberData(nameof(Drifts))]
    public async Task RunAsync_Drift_FailsNamingTheFieldOrRule(string drift, string[] named)
    {
        await using var sim = await ProbeSimulator.StartAsync(o => o.Drift = [drift]);

        var report = await sim.ProbeAsync();

        Assert.False(report.Passed);
        var failures = string.Join(Environment.NewLine, report.Failures);
        Assert.All(named, n => Assert.Contains(n, failures, StringComparison.Ordinal));
        Assert.Equal(await sim.ServedAsync(), report.RequestsSent);
        Assert.True(report.RequestsSent <= 8);
    }

    [Fact]
    public async Task RunAsync_NumericIds_PassesAndNotesTheIdType()
    {
        // Ids sent as numbers change nothing for the grader (the mapper reads them as strings): a note, not a failure.
        await using var sim = await ProbeSimulator.StartAsync(o => o.Drift = [DriftNames.NumericIds]);

        var report = await sim.ProbeAsync();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        Assert.Contains(report.Notes, n => n.Contains("advertisers[].fulfillment_id sent as number", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AuditBound20_ReportsTheBoundAndTheOrderHeldWithinItsBudget()
    {
        await using var sim = await ProbeSimulator.StartAsync();

        var report = await sim.ProbeAsync(o => o.AuditBound = 20);

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        var audit = Assert.IsType<AuditReport>(report.Audit);
        Assert.Equal(20, audit.Agents.Count);
        Assert.Equal(20, audit.BoundHeld);
        Assert.Equal(20, audit.OrderHeld);
        Assert.All(audit.Agents, a =>
        {
            Assert.Equal("end_of_data", a.Stop);
            Assert.True(a.CoversWindow);
            Assert.True(a.Sides <= a.MaxSides);
            Assert.True(a.Volume <= a.MaxVolume);
            Assert.Equal(a.RecentlySoldCount, a.WindowListings);
        });
        Assert.Equal(8 + (20 * 20) - 1, report.Budget.Calls);
        var served = await sim.ServedAsync();
        Assert.Equal(served, report.RequestsSent);
        Assert.True(served <= report.Budget.Requests);
        Assert.Equal(audit.Pages + 7, served);
    }

    [Fact]
    public async Task RunAsync_AuditBound20UnsortedSold_ReportsTheOrderBroken()
    {
        await using var sim = await ProbeSimulator.StartAsync(o => o.Drift = [DriftNames.UnsortedSold]);

        var report = await sim.ProbeAsync(o => o.AuditBound = 20);

        var audit = Assert.IsType<AuditReport>(report.Audit);
        Assert.False(report.Passed);
        Assert.Equal(20, audit.BoundHeld);
        Assert.True(audit.OrderHeld < 20);
        Assert.Contains(audit.Agents, a => !a.OrderHeld && a.PagesOutOfOrder > 0 && a.Detail!.Contains("order broken", StringComparison.Ordinal));
        Assert.Equal("broken", report.Listings.SoldOrder);
    }

    [Fact]
    public async Task RunAsync_OffsetCap_ReportsACappedMarketAsAWarningNotAFailure()
    {
        await using var sim = await ProbeSimulator.StartAsync(o => o.OffsetCap = 0);

        var report = await sim.ProbeAsync();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        Assert.Equal("capped", report.Discovery.OffsetPaging);
        Assert.Contains(report.Warnings, w => w.Contains("truncated", StringComparison.Ordinal) && w.Contains("offset must be <= 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_FlakyApi_NeverSendsMoreThanItsBudget()
    {
        await using var sim = await ProbeSimulator.StartAsync(o => o.Faults = FaultRates.None with { Http503 = 0.5 });

        var report = await sim.ProbeAsync(o => o.AuditBound = 3);

        var served = await sim.ServedAsync();
        Assert.Equal(served, report.RequestsSent);
        Assert.True(served <= report.Budget.Requests, $"served {served}, budget {report.Budget.Requests}");
        Assert.Contains(report.Calls, c => c.Status == 503);
    }

    [Fact]
    public async Task RunAsync_InvalidKey_StopsAfterOneRequestAndFails()
    {
        await using var sim = await ProbeSimulator.StartAsync();

        var report = await sim.ProbeAsync(key: "not-the-key");

        Assert.False(report.Passed);
        Assert.Equal(1, await sim.ServedAsync());
        Assert.Contains(report.Failures, f => f.Contains("401", StringComparison.Ordinal));
        Assert.Empty(report.V2);
    }

    [Fact]
    public async Task RunAsync_Samples_KeepEveryResponseAndNoFormOfTheKey()
    {
        var key = "k3y/" + Guid.NewGuid().ToString("N") + "+=?&";
        await using var sim = await ProbeSimulator.StartAsync(o => o.ApiKey = key);

        var report = await sim.ProbeAsync(o => o.AuditBound = 2, key);

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Failures));
        var files = Directory.GetFiles(sim.SampleDirectory);
        Assert.Equal(report.RequestsSent + 1, files.Length);
        Assert.Contains(Path.Combine(sim.SampleDirectory, "report.json"), files);
        Assert.All(report.Calls, c => Assert.True(File.Exists(Path.Combine(sim.SampleDirectory, c.File!))));
        Assert.StartsWith("01-agents-list-offset-0", report.Calls[0].File, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(sim.Root, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var form in KeyForms(key))
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"{Path.GetFileName(file)} holds the key as {form}");
            }
        }

        Assert.DoesNotContain(key, report.ToJson(), StringComparison.Ordinal);
    }

    /// <summary>The key as is, URL-encoded and base64 (standard and URL-safe).</summary>
    internal static IEnumerable<string> KeyForms(string key)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(key));
        return [key, Uri.EscapeDataString(key), base64, base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')];
    }
}
