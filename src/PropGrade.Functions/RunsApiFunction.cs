using PropGrade.Aws.Cost;
using PropGrade.Core.Agents;
using PropGrade.Core.Api;
using PropGrade.Core.Estimates;
using PropGrade.Core.Explain;
using PropGrade.ListingApi;
using PropGrade.Core.Runs;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions;

/// <summary>
/// The runs API behind API Gateway: adapts the proxy event to the one framework-neutral <see cref="RunsApi"/>, with
/// the DynamoDB run store, the S3 export store (presigned links) and the S3 launcher.
/// </summary>
public sealed class RunsApiFunction
{
    private readonly RunsApi api;
    private readonly FunctionHost host;

    public RunsApiFunction()
        : this(FunctionHost.FromEnvironment())
    {
    }

    internal RunsApiFunction(FunctionHost host)
    {
        this.host = host ?? throw new ArgumentNullException(nameof(host));
        var logger = host.Logger(FunctionLog.Category);
        var policy = new RunRequestPolicy(_ => Task.FromResult(new RunDefaults(DateOnly.FromDateTime(host.Time.GetUtcNow().UtcDateTime), host.Settings.DefaultMarkets)));
        var agents = new RunAgentsService(host.Runs, host.AgentsIndex, host.Workspace, host.Exports);
        api = new RunsApi(
            new CognitoClaimsAuthenticator(),
            policy,
            host.Launcher,
            host.Runs,
            host.Exports,
            policy,
            new RunsApiOptions { ServeExportFiles = false },
            ex => FunctionLog.ApiFailed(logger, $"{ex.GetType().Name}: {ex.Message}", ex),
            agents,
            new AgentExplainer(agents, host.RawStore, new StoredListingPages()),
            new RunEstimator(host.Runs, new FixedEstimateContext(host.Settings.RequestsPerSecond), new AwsRunCostModel(host.Settings.AgentsPerBatch, host.Settings.MaxWorkers)));
    }

    public Task<Stream> Handler(Stream input) => StreamHandler.InvokeAsync(
        input,
        FunctionsJsonContext.Default.ApiGatewayProxyRequest,
        FunctionsJsonContext.Default.ApiGatewayProxyResponse,
        async (proxy, ct) => ApiGatewayAdapter.ToProxyResponse(await api.HandleAsync(ApiGatewayAdapter.ToApiRequest(proxy), ct)),
        host.Logger(FunctionLog.Category),
        "RunsApi",
        _ => null);
}
