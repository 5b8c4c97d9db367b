using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Aws;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions.Tests.Launch;

/// <summary>
/// The quarterly rule's target, the real handler against s3rver and dynalite: it must launch exactly like
/// <c>POST /runs</c> (QUEUED record, then <c>runs/{runId}/request.json</c> in the work bucket, whose object-created
/// event starts the state machine), with the default request and trigger <c>schedule</c>.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScheduledRunFunctionTests(S3rverFixture s3rver, DynaliteFixture dynalite)
    : IClassFixture<S3rverFixture>, IClassFixture<DynaliteFixture>
{
    private static readonly string[] Markets = ["07030", "90210"];

    // Host clock a few seconds after the rule fired, and on another day than the event, so the test tells them apart.
    private static readonly DateTimeOffset HostNow = new(2027, 1, 2, 0, 0, 3, TimeSpan.Zero);

    [Fact]
    public async Task Handler_EventBridgeScheduledEvent_QueuesTheDefaultRunAndWritesItsRequestToTheWorkBucket()
    {
        var (host, settings) = await StartHostAsync();
        using var _ = host;
        var function = new ScheduledRunFunction(host);

        // A real scheduled event as EventBridge delivers it (every field, not only the ones the handler reads).
        var output = await InvokeAsync(function, """
            {"version":"0","id":"5c1d7a8e-1b2f-4c3d-9e8f-0a1b2c3d4e5f","detail-type":"Scheduled Event","source":"aws.events",
             "account":"123456789012","time":"2027-01-01T06:00:00Z","region":"us-east-1",
             "resources":["arn:aws:events:us-east-1:123456789012:rule/QuarterlyRun"],"detail":{}}
            """);

        var runId = (string?)output["runId"];
        Assert.False(string.IsNullOrEmpty(runId), output.ToJsonString());
        Assert.Equal("QUEUED", (string?)output["status"]);
        var expected = new RunDefaults(new DateOnly(2027, 1, 1), Markets).CreateScheduledRequest();

        // The run record: QUEUED, trigger schedule, the default request for the event's day and the default markets.
        var record = await host.Runs.GetAsync(runId, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(RunStatus.Queued, record.Status);
        Assert.Equal(RunTrigger.Schedule, record.Trigger);
        Assert.Equal(HostNow, record.CreatedAt);
        Assert.Null(record.StartedAt);
        AssertDefaultRequest(expected, record.Request);

        // Pinned to the configured API base and X-RapidAPI-Host (never the key): a resume cannot switch sources.
        Assert.Equal(new RunSource("https://realty-in-us.p.rapidapi.com/", "realty-in-us.p.rapidapi.com", "realty-in-us.p.rapidapi.com"), record.Source);

        // As stored (what the API and the page read): lower-case trigger, upper-case status.
        var item = (await dynalite.Dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = settings.RunsTable,
            Key = new Dictionary<string, AttributeValue> { ["runId"] = new(runId) },
        })).Item;
        Assert.Equal("schedule", item["trigger"].S);
        Assert.Equal("QUEUED", item["status"].S);

        // The launch path: the request object in the work bucket, at the key the EventBridge rule matches.
        using var response = await s3rver.S3.GetObjectAsync(settings.WorkBucket, $"runs/{runId}/request.json");
        Assert.Equal("application/json", response.Headers.ContentType);
        var stored = await JsonSerializer.DeserializeAsync(response.ResponseStream, CoreJsonContext.Default.RunRequest);
        Assert.NotNull(stored);
        AssertDefaultRequest(expected, stored);

        // Nothing else is written: one run, one object.
        var objects = await s3rver.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = settings.WorkBucket });
        Assert.Equal([$"runs/{runId}/request.json"], objects.S3Objects.Select(o => o.Key));
        var runs = await host.Runs.ListAsync(10, CancellationToken.None);
        Assert.Equal([runId], runs.Select(r => r.RunId));
    }

    [Fact]
    public async Task Handler_SameEventDeliveredTwice_CreatesOneRunUnderTheEventsTimeAndStartsNothingTwice()
    {
        var (host, settings) = await StartHostAsync();
        using var _ = host;
        var function = new ScheduledRunFunction(host);
        const string scheduled = """{"id":"5c1d7a8e","detail-type":"Scheduled Event","source":"aws.events","time":"2027-04-01T06:00:00Z","detail":{}}""";

        var first = await InvokeAsync(function, scheduled);
        // The run started meanwhile (StartRun moved it to RUNNING): the second delivery must not launch it again.
        Assert.True(await host.Runs.TryStartAsync((string)first["runId"]!, [RunStatus.Queued], HostNow, CancellationToken.None));
        await s3rver.S3.DeleteObjectAsync(settings.WorkBucket, $"runs/{(string)first["runId"]!}/request.json");
        var second = await InvokeAsync(function, scheduled);

        Assert.Equal(RunIds.ForSchedule(new DateTimeOffset(2027, 4, 1, 6, 0, 0, TimeSpan.Zero)), (string?)first["runId"]);
        Assert.Equal((string?)first["runId"], (string?)second["runId"]);
        Assert.Equal("RUNNING", (string?)second["status"]);
        Assert.Single(await host.Runs.ListAsync(10, CancellationToken.None));
        // No request object was written again, so no second execution starts.
        var objects = await s3rver.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = settings.WorkBucket });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task Handler_AnotherRunHoldsTheApiKey_RefusesAndStoresNothing()
    {
        var (host, settings) = await StartHostAsync();
        using var _ = host;
        await host.KeyLock.AcquireAsync("20270101T060000Z-holder", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<Core.Api.RunLaunchConflictException>(() => InvokeAsync(new ScheduledRunFunction(host), """{"id":"x","time":"2027-04-01T06:00:00Z","detail":{}}"""));

        Assert.Equal("20270101T060000Z-holder", refused.HolderRunId);
        Assert.Empty(await host.Runs.ListAsync(10, CancellationToken.None));
        var objects = await s3rver.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = settings.WorkBucket });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task Handler_EventWithoutTime_UsesTheHostClocksDay()
    {
        var (host, settings) = await StartHostAsync();
        using var _ = host;

        var output = await InvokeAsync(new ScheduledRunFunction(host), """{"id":"manual-test","detail":{}}""");

        var runId = (string)output["runId"]!;
        var record = (await host.Runs.GetAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunTrigger.Schedule, record.Trigger);
        AssertDefaultRequest(new RunDefaults(DateOnly.FromDateTime(HostNow.UtcDateTime), Markets).CreateScheduledRequest(), record.Request);
        using var response = await s3rver.S3.GetObjectAsync(settings.WorkBucket, $"runs/{runId}/request.json");
        var stored = await JsonSerializer.DeserializeAsync(response.ResponseStream, CoreJsonContext.Default.RunRequest);
        Assert.Equal(new DateOnly(2027, 1, 2), stored!.AsOf);
    }

    private async Task<(FunctionHost Host, FunctionSettings Settings)> StartHostAsync()
    {
        var settings = new FunctionSettings
        {
            RawBucket = await s3rver.CreateBucketAsync(),
            WorkBucket = await s3rver.CreateBucketAsync(),
            ExportsBucket = await s3rver.CreateBucketAsync(),
            RunsTable = await dynalite.CreateRunsTableAsync(),
            DefaultMarkets = Markets,
        }.Validate();
        var host = new FunctionHost(
            settings,
            new AwsClientOptions { S3ServiceUrl = s3rver.ServiceUrl, DynamoDbServiceUrl = dynalite.ServiceUrl },
            new FakeTimeProvider(HostNow));
        return (host, settings);
    }

    private static async Task<JsonObject> InvokeAsync(ScheduledRunFunction function, string eventJson)
    {
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(eventJson));
        await using var output = await function.Handler(input);
        return JsonNode.Parse(output)!.AsObject();
    }

    private static void AssertDefaultRequest(RunRequest expected, RunRequest actual)
    {
        // The shape that matters, field by field, then the whole request as it travels.
        Assert.Equal(expected.AsOf, actual.AsOf);
        Assert.Equal(expected.SoldSince, actual.SoldSince);
        Assert.Equal(Markets, actual.Markets);
        Assert.Null(actual.Roster);
        Assert.False(actual.IncludeActive);
        Assert.Equal(expected.Tiers.Select(t => t.Name), actual.Tiers.Select(t => t.Name));
        Assert.Equal(expected.SelectedTiers, actual.SelectedTiers);
        Assert.Equal(expected.MaxPages, actual.MaxPages);
        Assert.Equal(RunDefaults.DefaultWindowMonths, actual.RollingMonths); // a rolling window: each quarter grades the twelve months before its start
        Assert.Equal(expected.Name, actual.Name);
        Assert.StartsWith("Quarterly ", actual.Name, StringComparison.Ordinal);
        Assert.Equal(
            JsonSerializer.Serialize(expected, CoreJsonContext.Default.RunRequest),
            JsonSerializer.Serialize(actual, CoreJsonContext.Default.RunRequest));
    }
}
