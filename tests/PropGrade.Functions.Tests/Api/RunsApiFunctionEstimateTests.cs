using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Aws;
using PropGrade.Aws.Cost;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Core.Estimates;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions.Tests.Api;

/// <summary>
/// <c>POST /runs/estimate</c> through the real Runs Lambda handler (s3rver, dynalite): the price must come from the
/// deployed stack's settings (agents per batch, worker count, request rate), not from constants of an older stack.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunsApiFunctionEstimateTests(S3rverFixture s3rver, DynaliteFixture dynalite)
    : IClassFixture<S3rverFixture>, IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task Handler_PostEstimate_PricesWithTheDeployedBatchSizeWorkersAndRate()
    {
        using var host = await StartHostAsync(s => s with { AgentsPerBatch = 37, MaxWorkers = 3, RequestsPerSecond = 7.5 });
        var function = new RunsApiFunction(host);

        var response = await InvokeAsync(function, "/runs/estimate", """{"markets":["07030","90210","10001"]}""");

        Assert.Equal(200, response.StatusCode);
        var estimate = JsonSerializer.Deserialize<RunEstimate>(response.Body, JsonSerializerOptions.Web); // the API's own (camelCase) shape
        Assert.NotNull(estimate);
        Assert.Equal(7.5, estimate.RequestsPerSecond);
        Assert.Equal("defaults", estimate.Basis);
        Assert.Equal(3 * RunEstimator.DefaultAgentsPerMarket, estimate.Agents);
        Assert.NotNull(estimate.Cost);

        // The same question priced by the cost model with the deployed figures: every line and the total agree.
        var expected = new AwsRunCostModel(37, 3).Estimate(new RunCostQuestion(estimate.Agents, estimate.ApiCalls, estimate.DiscoveryCalls, 7.5));
        Assert.Equal(expected.TotalUsd, estimate.Cost.TotalUsd);
        Assert.Equal(expected.Lines, estimate.Cost.Lines);
        Assert.Contains("37 agents per batch, concurrency 3", estimate.Cost.Note, StringComparison.Ordinal);

        // A different deployment prices differently (the wiring is not a constant that happens to match).
        var other = new AwsRunCostModel(100, 10).Estimate(new RunCostQuestion(estimate.Agents, estimate.ApiCalls, estimate.DiscoveryCalls, 7.5));
        Assert.NotEqual(other.Note, estimate.Cost.Note);
    }

    [Fact]
    public async Task Handler_PostEstimateWithoutClaims_IsRefusedWithoutPricing()
    {
        using var host = await StartHostAsync(s => s);

        var response = await InvokeAsync(new RunsApiFunction(host), "/runs/estimate", """{"markets":["07030"]}""", claims: false);

        Assert.Equal(401, response.StatusCode);
        Assert.DoesNotContain("totalUsd", response.Body, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<FunctionHost> StartHostAsync(Func<FunctionSettings, FunctionSettings> deployed)
    {
        var settings = deployed(new FunctionSettings
        {
            RawBucket = await s3rver.CreateBucketAsync(),
            WorkBucket = await s3rver.CreateBucketAsync(),
            ExportsBucket = await s3rver.CreateBucketAsync(),
            RunsTable = await dynalite.CreateRunsTableAsync(),
            DefaultMarkets = ["07030"],
        }).Validate();
        return new FunctionHost(
            settings,
            new AwsClientOptions { S3ServiceUrl = s3rver.ServiceUrl, DynamoDbServiceUrl = dynalite.ServiceUrl },
            new FakeTimeProvider(new DateTimeOffset(2027, 1, 2, 0, 0, 0, TimeSpan.Zero)));
    }

    private static async Task<ApiGatewayProxyResponse> InvokeAsync(RunsApiFunction function, string path, string body, bool claims = true)
    {
        var authorizer = claims ? JsonDocument.Parse("""{"claims":{"sub":"user-1","email":"ops@example.com"}}""").RootElement : (JsonElement?)null;
        var proxy = new ApiGatewayProxyRequest("POST", path, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, null, body, false,
            new ApiGatewayRequestContext("prod", path, authorizer));
        await using var input = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(proxy, FunctionsJsonContext.Default.ApiGatewayProxyRequest)));
        await using var output = await function.Handler(input);
        var response = await JsonSerializer.DeserializeAsync(output, FunctionsJsonContext.Default.ApiGatewayProxyResponse);
        return response!;
    }
}
