using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class AppFunctionsTests(SynthesizedStack synth)
{
    private static readonly string[] ApiCallers = [HandlerNames.DiscoverMarket, HandlerNames.GradeBatch];

    /// <summary>The workflow's functions: the run-level settings reach each of them.</summary>
    private static readonly string[] WorkflowFunctions =
    [
        HandlerNames.StartRun, HandlerNames.DiscoverMarket, HandlerNames.FinishDiscovery, HandlerNames.GradeBatch,
        HandlerNames.RecordBatchFailure, HandlerNames.Aggregate, HandlerNames.RunFailed, HandlerNames.ExecutionStatus,
    ];

    private List<(string LogicalId, JsonObject Resource)> AppLambdas =>
        synth.Resources("AWS::Lambda::Function")
            .Where(f => ((string?)f.Resource["Properties"]!["Handler"])?.StartsWith("PropGrade.Functions::", StringComparison.Ordinal) == true)
            .ToList();

    [Fact]
    public void Functions_OneForEveryHandler_OnDotnet10Arm64WithTracing()
    {
        var handlers = AppLambdas.Select(f => (string?)f.Resource["Properties"]!["Handler"]).Order().ToList();
        Assert.Equal(HandlerNames.All.Order(), handlers!);
        foreach (var (id, fn) in AppLambdas)
        {
            var p = fn["Properties"]!;
            Assert.Equal("dotnet10", (string?)p["Runtime"]);
            Assert.Equal("arm64", (string?)p["Architectures"]![0]);
            Assert.Equal("Active", (string?)p["TracingConfig"]!["Mode"]);
            Assert.InRange((double)p["MemorySize"]!, 256, 3008);
            Assert.InRange((double)p["Timeout"]!, 29, 900);
            Assert.True(p["LoggingConfig"] is not null, id);
        }
    }

    [Fact]
    public void Secret_HasNoLiteralValue()
    {
        var secret = synth.Resources("AWS::SecretsManager::Secret").Single().Resource["Properties"]!;
        Assert.Null(secret["SecretString"]);
        Assert.DoesNotContain("\"SecretString\"", synth.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(secret["GenerateSecretString"]);
    }

    [Fact]
    public void Secret_ReadableOnlyByTheApiCallers_ThroughTheExtension()
    {
        var secretId = synth.Resources("AWS::SecretsManager::Secret").Single().LogicalId;
        var rolesWithSecret = synth.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Any(s =>
                Actions(s!).Contains("secretsmanager:GetSecretValue") && s!["Resource"]!.ToJsonString().Contains(secretId, StringComparison.Ordinal)))
            .SelectMany(p => p.Resource["Properties"]!["Roles"]!.AsArray().Select(r => (string?)r!["Ref"]))
            .ToHashSet();

        foreach (var (id, fn) in AppLambdas)
        {
            var p = fn["Properties"]!;
            var role = (string?)p["Role"]!["Fn::GetAtt"]![0];
            var callsApi = ApiCallers.Contains((string?)p["Handler"]);
            Assert.Equal(callsApi, rolesWithSecret.Contains(role));
            var env = p["Environment"]!["Variables"]!.AsObject();
            Assert.Equal(callsApi, env.ContainsKey(EnvironmentNames.ApiKeySecretId));
            Assert.Equal(callsApi, p["Layers"] is not null);
            if (callsApi)
            {
                Assert.Contains(secretId, env[EnvironmentNames.ApiKeySecretId]!.ToJsonString(), StringComparison.Ordinal);
                Assert.Contains("Paramsandsecretslayer", p["Layers"]!.ToJsonString(), StringComparison.Ordinal);
                Assert.Contains("AWS-Parameters-and-Secrets-Lambda-Extension", synth.Json["Mappings"]!.ToJsonString(), StringComparison.Ordinal);
            }

            // The key lock's name (the secret's ARN) and its TTL name the key; neither holds it.
            Assert.DoesNotContain(env, kv => kv.Key.Contains("KEY", StringComparison.OrdinalIgnoreCase) && !kv.Key.EndsWith("SECRET_ID", StringComparison.Ordinal)
                && kv.Key is not (EnvironmentNames.KeySource or EnvironmentNames.KeyLockTtlSeconds));
        }
    }

    [Fact]
    public void Workers_SmallMemoryLongTimeout_AndABudgetBeforeTheirTimeout()
    {
        foreach (var handler in ApiCallers)
        {
            var p = synth.Json["Resources"]![synth.FunctionId(handler)]!["Properties"]!;
            var env = p["Environment"]!["Variables"]!.AsObject();
            var timeout = (double)p["Timeout"]!;
            Assert.Equal(synth.Settings.WorkerMemoryMb, (double)p["MemorySize"]!);
            Assert.Equal(handler == HandlerNames.GradeBatch ? synth.Settings.WorkerTimeoutSeconds : synth.Settings.DiscoveryTimeoutSeconds, timeout);
            Assert.Equal(timeout.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)env[EnvironmentNames.TimeoutSeconds]);
            // The invocation stops starting work 20 % before its timeout, and cuts what is in flight 5 % before it.
            Assert.Equal(0.2 * timeout, double.Parse((string)env[EnvironmentNames.SoftMarginSeconds]!, System.Globalization.CultureInfo.InvariantCulture), 3);
            Assert.Equal(0.05 * timeout, double.Parse((string)env[EnvironmentNames.HardMarginSeconds]!, System.Globalization.CultureInfo.InvariantCulture), 3);
        }

        var aggregate = synth.Json["Resources"]![synth.FunctionId(HandlerNames.Aggregate)]!["Properties"]!;
        Assert.Equal(synth.Settings.AggregateMemoryMb, (double)aggregate["MemorySize"]!);
        Assert.Equal(4096, (double)aggregate["EphemeralStorage"]!["Size"]!);
        // Streaming aggregation: a million agents' sorted runs (~1 KB a row) plus their agents index (~1 KB a row) fit in /tmp.
        Assert.True((double)aggregate["EphemeralStorage"]!["Size"]! >= 2 * 1_000_000 * 1024 / (1024.0 * 1024), "a million agents' sort and index must fit in /tmp");
        Assert.Equal(1769, new PropGradeStackSettings().AggregateMemoryMb); // one vCPU: aggregation's memory is bounded, its CPU is not
    }

    [Fact]
    public void WorkflowFunctions_ShareTheRunSettings_AndNameTheKeyLockAfterTheSecretNeverItsValue()
    {
        var secretId = synth.Resources("AWS::SecretsManager::Secret").Single().LogicalId;
        foreach (var handler in WorkflowFunctions)
        {
            var env = synth.Json["Resources"]![synth.FunctionId(handler)]!["Properties"]!["Environment"]!["Variables"]!.AsObject();
            Assert.Equal("{Ref:" + secretId + "}", CfnText.Render(env[EnvironmentNames.KeySource]));
            Assert.Equal("14", (string?)env[EnvironmentNames.RequestsPerSecond]);
            Assert.Equal("7", (string?)env[EnvironmentNames.MaxWorkers]);
            Assert.Equal("20", (string?)env[EnvironmentNames.AgentsPerBatch]);
            Assert.Equal(synth.Settings.BreakerThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)env[EnvironmentNames.BreakerThreshold]);
            Assert.Equal(synth.Settings.KeyLockTtlSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)env[EnvironmentNames.KeyLockTtlSeconds]);
        }
    }

    [Fact]
    public void Iam_NoStatementGrantsAllActionsOnAllResources()
    {
        var statements = synth.Resources("AWS::IAM::Policy")
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Concat(synth.Resources("AWS::IAM::Role")
                .SelectMany(r => r.Resource["Properties"]!["Policies"]?.AsArray() ?? [])
                .SelectMany(p => p!["PolicyDocument"]!["Statement"]!.AsArray()))
            .ToList();
        Assert.NotEmpty(statements);
        foreach (var s in statements)
        {
            var wildcardAction = Actions(s!).Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal));
            var resources = s!["Resource"] switch
            {
                JsonArray a => a.Select(r => r is JsonValue v ? v.GetValue<string>() : r!.ToJsonString()).ToList(),
                JsonValue v => [v.GetValue<string>()],
                var o => [o?.ToJsonString() ?? string.Empty],
            };
            Assert.False(wildcardAction && resources.Contains("*"), "Statement grants * on *: " + s.ToJsonString());
        }
    }

    [Fact]
    public void Workers_CanWriteRawButNotExports()
    {
        synth.Template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Handler"] = HandlerNames.GradeBatch,
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    [EnvironmentNames.ApiHost] = synth.Settings.ApiHost,
                    [EnvironmentNames.ApiBaseUrl] = synth.Settings.ApiBaseUrl,
                }),
            },
        });
        var sold = AppLambdas.Single(f => (string?)f.Resource["Properties"]!["Handler"] == HandlerNames.GradeBatch);
        var role = (string?)sold.Resource["Properties"]!["Role"]!["Fn::GetAtt"]![0];
        var exportsBucket = synth.Resources("AWS::S3::Bucket").Single(b => b.LogicalId.Contains("Exports", StringComparison.Ordinal)).LogicalId;
        var soldPolicies = synth.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == role))
            .Select(p => p.Resource["Properties"]!["PolicyDocument"]!.ToJsonString())
            .ToList();
        Assert.NotEmpty(soldPolicies);
        Assert.DoesNotContain(soldPolicies, p => p.Contains(exportsBucket, StringComparison.Ordinal));
    }

    /// <summary>Every S3 grant of every app function, as "action bucket/pattern" or "s3:ListBucket bucket?prefix=…".</summary>
    public static TheoryData<string, string[]> ExpectedS3 => new()
    {
        { HandlerNames.StartRun, ["s3:ListBucket work?prefix=runs/*/items.json", "s3:PutObject work/runs/*/markets.json"] },
        {
            HandlerNames.DiscoverMarket,
            ["s3:GetObject work/runs/*/discovery/*", "s3:ListBucket work?prefix=runs/*/discovery/*", "s3:PutObject raw/runs/*/raw-manifest/*", "s3:PutObject raw/runs/*/raw/*", "s3:PutObject work/runs/*/discovery/*"]
        },
        {
            HandlerNames.FinishDiscovery,
            [
                "s3:GetObject work/runs/*/discovery/*", "s3:GetObject work/runs/*/items.json", "s3:ListBucket work?prefix=runs/*/discovery/*",
                "s3:ListBucket work?prefix=runs/*/items.json", "s3:PutObject work/runs/*/items.json", "s3:AbortMultipartUpload work/runs/*/items.json",
            ]
        },
        {
            HandlerNames.GradeBatch,
            [
                "s3:GetObject work/runs/*/state/*", "s3:ListBucket work?prefix=runs/*/state/*", "s3:PutObject raw/runs/*/raw-manifest/*",
                "s3:PutObject raw/runs/*/raw/*", "s3:PutObject work/runs/*/results/*", "s3:PutObject work/runs/*/state/*",
            ]
        },
        {
            HandlerNames.RecordBatchFailure,
            ["s3:GetObject work/runs/*/state/*", "s3:ListBucket work?prefix=runs/*/state/*", "s3:PutObject work/runs/*/results/*", "s3:PutObject work/runs/*/state/*"]
        },
        {
            HandlerNames.Aggregate,
            [
                "s3:GetObject work/runs/*/items.json", "s3:GetObject work/runs/*/results/*", "s3:ListBucket work?prefix=runs/*/items.json",
                "s3:ListBucket work?prefix=runs/*/results/", "s3:PutObject exports/runs/*/exports/*", "s3:PutObject work/runs/*/index/*",
                "s3:AbortMultipartUpload exports/runs/*/exports/*", "s3:AbortMultipartUpload work/runs/*/index/*",
            ]
        },
        { HandlerNames.RunFailed, [] },
        {
            HandlerNames.RunsApi,
            [
                "s3:GetObject exports/runs/*/exports/*", "s3:GetObject raw/runs/*/raw-manifest/*", "s3:GetObject raw/runs/*/raw/*",
                "s3:GetObject work/runs/*/index/*", "s3:GetObject work/runs/*/results/*", "s3:ListBucket exports?prefix=runs/*/exports/",
                "s3:ListBucket raw?prefix=runs/*/raw-manifest/", "s3:ListBucket raw?prefix=runs/*/raw/", "s3:ListBucket work?prefix=runs/*/results/",
                "s3:PutObject work/runs/*/index/*", "s3:PutObject work/runs/*/request.json", "s3:AbortMultipartUpload work/runs/*/index/*",
            ]
        },
        { HandlerNames.Schedule, ["s3:PutObject work/runs/*/request.json"] },
        { HandlerNames.ExecutionStatus, [] },
    };

    /// <summary>
    /// Every DynamoDB grant of every app function: only the calls its code makes (DynamoRunStore's and DynamoLeaseStore's
    /// methods: the lock is a conditional UpdateItem, read with GetItem).
    /// </summary>
    public static TheoryData<string, string[]> ExpectedDynamo => new()
    {
        { HandlerNames.StartRun, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.DiscoverMarket, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.FinishDiscovery, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.GradeBatch, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.RecordBatchFailure, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.Aggregate, ["dynamodb:GetItem table", "dynamodb:Query table/index/byCreatedAt", "dynamodb:UpdateItem table"] },
        { HandlerNames.RunFailed, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
        { HandlerNames.RunsApi, ["dynamodb:GetItem table", "dynamodb:PutItem table", "dynamodb:Query table/index/byCreatedAt"] },
        { HandlerNames.Schedule, ["dynamodb:GetItem table", "dynamodb:PutItem table"] },
        { HandlerNames.ExecutionStatus, ["dynamodb:GetItem table", "dynamodb:UpdateItem table"] },
    };

    [Theory]
    [MemberData(nameof(ExpectedS3))]
    public void S3Grants_AreExactlyTheActionsAndPrefixesTheFunctionUses(string handler, string[] expected)
    {
        Assert.Equal(expected.Order(), Grants(handler, "s3:").Order());
    }

    [Theory]
    [MemberData(nameof(ExpectedDynamo))]
    public void DynamoGrants_AreExactlyTheCallsTheFunctionMakes(string handler, string[] expected)
    {
        Assert.Equal(expected.Order(), Grants(handler, "dynamodb:").Order());
    }

    [Fact]
    public void RequestObjects_OnlyTheRunsApiAndTheScheduleMayWriteThem()
    {
        // Writing runs/{runId}/request.json starts an execution: any role whose statements allow a PutObject there.
        var work = synth.Id("AWS::S3::Bucket", "Work");
        var requestObject = "arn:aws:s3:::" + work + "/runs/20270101T060000Z-0a1b2c3d/request.json";
        var writers = synth.RoleStatements()
            .Where(s => (string?)s.Statement["Effect"] == "Allow")
            .Where(s => CfnText.List(s.Statement["Action"]).Any(a => CfnText.Matches(a, "s3:PutObject")))
            .Where(s => CfnText.List(s.Statement["Resource"])
                .Select(r => r.Replace("{" + work + ".Arn}", "arn:aws:s3:::" + work, StringComparison.Ordinal)
                    .Replace("{Ref:" + work + "}", work, StringComparison.Ordinal)
                    .Replace("{Ref:AWS::Partition}", "aws", StringComparison.Ordinal))
                .Any(r => CfnText.Matches(r, requestObject)))
            .Select(s => s.Role)
            .ToHashSet();
        Assert.Equal(new[] { synth.FunctionRoleId(HandlerNames.RunsApi), synth.FunctionRoleId(HandlerNames.Schedule) }.ToHashSet(), writers);
    }

    [Fact]
    public void EveryLambda_LogsIntoAGroupWithRetention()
    {
        var retained = synth.Resources("AWS::Logs::LogGroup")
            .Where(g => g.Resource["Properties"]?["RetentionInDays"] is not null)
            .ToList();
        foreach (var (id, fn) in synth.Resources("AWS::Lambda::Function"))
        {
            // Its own group (LoggingConfig), or the /aws/lambda/{name} group Lambda would otherwise create unbounded.
            var configured = (string?)fn["Properties"]!["LoggingConfig"]?["LogGroup"]?["Ref"];
            var named = retained.Any(g => CfnText.Render(g.Resource["Properties"]!["LogGroupName"]) == "/aws/lambda/{Ref:" + id + "}");
            Assert.True(named || retained.Any(g => g.LogicalId == configured), id + " logs into a group without retention");
        }

        Assert.All(synth.Resources("AWS::Logs::LogGroup"), g => Assert.Equal(90, (double)g.Resource["Properties"]!["RetentionInDays"]!));
        // The API's access log and the workflow's log go to groups of the stack (so with retention).
        var groups = synth.Resources("AWS::Logs::LogGroup").Select(g => "{" + g.LogicalId + ".Arn}").ToHashSet();
        var stage = synth.Resources("AWS::ApiGateway::Stage").Single().Resource["Properties"]!;
        Assert.Contains(CfnText.Render(stage["AccessLogSetting"]!["DestinationArn"]), groups);
        Assert.Contains("$context.requestId", CfnText.Render(stage["AccessLogSetting"]!["Format"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HandlerNames.Schedule)]
    [InlineData(HandlerNames.ExecutionStatus)]
    public void AsyncFunctions_SendFailedInvocationsToTheDeadLetterQueue(string handler)
    {
        var id = synth.FunctionId(handler);
        var queue = synth.Id("AWS::SQS::Queue", "DeadLetters");
        Assert.Equal("{" + queue + ".Arn}", CfnText.Render(synth.Json["Resources"]![id]!["Properties"]!["DeadLetterConfig"]!["TargetArn"]));
        synth.Template.HasResourceProperties("AWS::Lambda::EventInvokeConfig", new Dictionary<string, object>
        {
            ["FunctionName"] = new Dictionary<string, object> { ["Ref"] = id },
            ["MaximumRetryAttempts"] = AppFunctions.AsyncRetryAttempts,
        });
        Assert.Contains("{" + queue + ".Arn}", synth.RoleStatements()
            .Where(s => s.Role == synth.FunctionRoleId(handler) && CfnText.List(s.Statement["Action"]).Contains("sqs:SendMessage"))
            .SelectMany(s => CfnText.List(s.Statement["Resource"])));
    }

    /// <summary>The function's grants on the stack's buckets / table, with prefix <paramref name="service"/>, as text.</summary>
    private List<string> Grants(string handler, string service)
    {
        var names = new Dictionary<string, string>
        {
            ["{" + synth.Id("AWS::S3::Bucket", "Raw") + ".Arn}"] = "raw",
            ["{" + synth.Id("AWS::S3::Bucket", "Work") + ".Arn}"] = "work",
            ["{" + synth.Id("AWS::S3::Bucket", "Exports") + ".Arn}"] = "exports",
            ["{" + synth.Id("AWS::DynamoDB::Table", "Runs") + ".Arn}"] = "table",
        };
        string Name(string resource) => names.Aggregate(resource, (r, n) => r.Replace(n.Key, n.Value, StringComparison.Ordinal));
        var grants = new List<string>();
        foreach (var (_, statement) in synth.RoleStatements().Where(s => s.Role == synth.FunctionRoleId(handler)))
        {
            foreach (var action in CfnText.List(statement["Action"]).Where(a => a.StartsWith(service, StringComparison.Ordinal)))
            {
                var prefix = statement["Condition"]?["StringLike"]?["s3:prefix"];
                foreach (var resource in CfnText.List(statement["Resource"]))
                {
                    grants.AddRange(prefix is null
                        ? [action + " " + Name(resource)]
                        : CfnText.List(prefix).Select(p => action + " " + Name(resource) + "?prefix=" + p));
                }
            }
        }

        return grants;
    }

    private static List<string> Actions(JsonNode statement) => statement["Action"] switch
    {
        JsonArray a => a.Select(x => (string)x!).ToList(),
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };
}
