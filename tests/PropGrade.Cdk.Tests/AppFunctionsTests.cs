using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class AppFunctionsTests(SynthesizedStack synth)
{
    private static readonly string[] ApiCallers =
        [HandlerNames.Prepare, HandlerNames.Profile, HandlerNames.Active, HandlerNames.Sold];

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
            Assert.InRange((double)p["MemorySize"]!, 256, 1769);
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
                Assert.Equal("2", (string?)env[EnvironmentNames.RequestsPerSecond]); // 14 rps shared by 7 workers
            }

            Assert.DoesNotContain(env, kv => kv.Key.Contains("KEY", StringComparison.OrdinalIgnoreCase) && !kv.Key.EndsWith("SECRET_ID", StringComparison.Ordinal));
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
    public void StageFunctions_CanWriteRawButNotExports()
    {
        synth.Template.HasResourceProperties("AWS::Lambda::Function", new Dictionary<string, object>
        {
            ["Handler"] = HandlerNames.Sold,
            ["Environment"] = new Dictionary<string, object>
            {
                ["Variables"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    [EnvironmentNames.ApiHost] = synth.Settings.ApiHost,
                    [EnvironmentNames.ApiBaseUrl] = synth.Settings.ApiBaseUrl,
                }),
            },
        });
        var sold = AppLambdas.Single(f => (string?)f.Resource["Properties"]!["Handler"] == HandlerNames.Sold);
        var role = (string?)sold.Resource["Properties"]!["Role"]!["Fn::GetAtt"]![0];
        var exportsBucket = synth.Resources("AWS::S3::Bucket").Single(b => b.LogicalId.Contains("Exports", StringComparison.Ordinal)).LogicalId;
        var soldPolicies = synth.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => (string?)r!["Ref"] == role))
            .Select(p => p.Resource["Properties"]!["PolicyDocument"]!.ToJsonString())
            .ToList();
        Assert.NotEmpty(soldPolicies);
        Assert.DoesNotContain(soldPolicies, p => p.Contains(exportsBucket, StringComparison.Ordinal));
    }

    private static List<string> Actions(JsonNode statement) => statement["Action"] switch
    {
        JsonArray a => a.Select(x => (string)x!).ToList(),
        JsonValue v => [v.GetValue<string>()],
        _ => [],
    };
}
