using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using Microsoft.Extensions.Logging;
using PropGrade.Aws;
using PropGrade.Aws.Runs;
using PropGrade.Aws.Tests.Peers;
using PropGrade.Cdk;
using PropGrade.Functions.Hosting;
using PropGrade.Simulator;

namespace PropGrade.Functions.Tests.Harness;

/// <summary>
/// One AWS-shaped world on loopback: buckets on s3rver, the runs table on dynalite, a simulator, a secrets extension
/// stand-in and the real handlers behind <see cref="HandlerHost"/>; plus the synthesized template.
/// </summary>
internal sealed class AwsWorld : IAsyncDisposable
{
    public const string SessionToken = "test-session-token";
    public const string SecretId = "arn:aws:secretsmanager:us-east-1:123456789012:secret:propgrade-api-key";

    private AwsWorld(SimulatorHost simulator, FakeSecretsExtension extension, FunctionHost host, HandlerHost handlers, string templatePath)
    {
        Simulator = simulator;
        Extension = extension;
        Host = host;
        Handlers = handlers;
        TemplatePath = templatePath;
    }

    public SimulatorHost Simulator { get; }

    public FakeSecretsExtension Extension { get; }

    public FunctionHost Host { get; }

    public HandlerHost Handlers { get; }

    public string TemplatePath { get; }

    /// <summary>Every log entry the handlers wrote, with its scopes.</summary>
    public RecordingLoggerProvider Logs { get; private init; } = new();

    /// <summary>The EMF lines the handlers wrote.</summary>
    public StringWriter Metrics { get; private init; } = new();

    public static Task<AwsWorld> StartAsync(S3rverFixture s3rver, DynaliteFixture dynalite, SimulatorOptions simulatorOptions, int agentsPerBatch) =>
        StartAsync(s3rver, dynalite, simulatorOptions, agentsPerBatch, settings => settings);

    /// <param name="configure">Adjusts the functions' settings (rate, time budget, breaker, ...) before the host is built.</param>
    public static async Task<AwsWorld> StartAsync(
        S3rverFixture s3rver, DynaliteFixture dynalite, SimulatorOptions simulatorOptions, int agentsPerBatch, Func<FunctionSettings, FunctionSettings> configure)
    {
        var simulator = await SimulatorHost.StartAsync(simulatorOptions);
        var logs = new RecordingLoggerProvider();
        var metrics = new StringWriter();
        var extension = new FakeSecretsExtension(SessionToken, simulator.Options.ApiKey);
        var settings = new FunctionSettings
        {
            RawBucket = await s3rver.CreateBucketAsync(),
            WorkBucket = await s3rver.CreateBucketAsync(),
            ExportsBucket = await s3rver.CreateBucketAsync(),
            RunsTable = await dynalite.CreateRunsTableAsync(),
            ApiKeySecretId = SecretId,
            SessionToken = SessionToken,
            SecretsExtensionUrl = extension.Url,
            ApiBaseUrl = simulator.BaseAddress,
            ApiHost = simulator.Options.Host,
            RequestsPerSecond = 1000,
            MaxRetryAttempts = 2,
            ApiToday = simulator.Today,
            AgentsPerBatch = agentsPerBatch,
            MaxWorkers = 4,
        };
        settings = configure(settings).Validate();
        var logging = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var clients = new AwsClientOptions { S3ServiceUrl = s3rver.ServiceUrl, DynamoDbServiceUrl = dynalite.ServiceUrl };
        FunctionHost Container() => new(settings, clients, TimeProvider.System, logging, metrics);
        var host = Container();
        // One container per concurrent invocation, as on Lambda (each worker its own client and limiter).
        var handlers = new HandlerHost(host, newContainer: Container);
        return new AwsWorld(simulator, extension, host, handlers, SynthesizeTemplate(agentsPerBatch)) { Logs = logs, Metrics = metrics };
    }

    /// <summary>Runs the synthesized definition in aws-local-stepfunctions; returns the harness's result line.</summary>
    public async Task<JsonObject> ExecuteAsync(string runId)
    {
        var inputPath = Path.Combine(Path.GetDirectoryName(TemplatePath)!, $"input-{runId}.json");
        await File.WriteAllTextAsync(inputPath, JsonSerializer.Serialize(new Dictionary<string, string> { ["requestKey"] = $"runs/{runId}/request.json" }));
        var (exit, stdout, stderr) = await NodeTool.RunAsync(
            "node",
            [Path.Combine(RepoPaths.Harness, "run-local-sfn.mjs"), TemplatePath, Handlers.Url.ToString(), inputPath],
            Path.Combine(RepoPaths.Root, "eng", "peers"),
            TimeSpan.FromMinutes(4));
        Assert.True(exit == 0, $"harness exited {exit}: {stderr}");
        var last = JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsObject();
        last["handlerErrors"] = new JsonArray([.. Handlers.Payloads.Where(p => p.Output.Contains("\"errorType\"", StringComparison.Ordinal)).Take(5).Select(p => (JsonNode)(p.State + ": " + p.Output))]);
        return last;
    }

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        Handlers.Dispose();
        Host.Dispose();
        Extension.Dispose();
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(TemplatePath)!, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static string SynthesizeTemplate(int agentsPerBatch)
    {
        var settings = new PropGradeStackSettings
        {
            AgentsPerBatch = agentsPerBatch,
            MaxConcurrency = 4,
            FunctionsAssetPath = Path.Combine(RepoPaths.Root, "artifacts", "no-such-publish-folder"),
            PlaceholderAssetPath = Path.Combine(RepoPaths.Root, "cdk", "PropGrade.Cdk", "placeholder-asset"),
            WebAssetPath = Path.Combine(RepoPaths.Root, "src", "PropGrade.Web"),
        }.Validate();
        var stack = new PropGradeStack(new App(), "E2E", settings);
        var json = Newtonsoft.Json.JsonConvert.SerializeObject(Template.FromStack(stack).ToJSON());
        var dir = Directory.CreateTempSubdirectory("propgrade-e2e-").FullName;
        var path = Path.Combine(dir, "template.json");
        File.WriteAllText(path, json);
        return path;
    }
}
