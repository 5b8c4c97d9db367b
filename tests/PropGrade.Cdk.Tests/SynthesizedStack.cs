using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Cdk.Tests;

/// <summary>One synthesis of the stack (jsii is slow to start) shared by the assertion tests, with test settings.</summary>
public sealed class SynthesizedStack
{
    public SynthesizedStack()
    {
        Settings = new PropGradeStackSettings
        {
            MaxConcurrency = 7,
            AgentsPerBatch = 20,
            ToleratedFailurePercentage = 0,
            RequestsPerSecond = 14,
            // 1.5 × 200,000 × 4 / 14 = 85,714 s, + 1 h = 24.8 h → 25 h.
            LargestRunAgents = 200_000,
            CallsPerAgent = 4,
            ExecutionTimeoutSafetyFactor = 1.5,
            AlarmEmail = "ops@example.com",
            FunctionsAssetPath = Path.Combine(RepoPaths.Root, "artifacts", "no-such-publish-folder"),
            PlaceholderAssetPath = Path.Combine(RepoPaths.Root, "cdk", "PropGrade.Cdk", "placeholder-asset"),
            WebAssetPath = Path.Combine(RepoPaths.Root, "src", "PropGrade.Web"),
        }.Validate();
        var app = new App();
        Stack = new PropGradeStack(app, "TestStack", Settings);
        Template = Template.FromStack(Stack);
        Json = JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(Template.ToJSON()))!.AsObject();
    }

    public PropGradeStackSettings Settings { get; }

    public PropGradeStack Stack { get; }

    public Template Template { get; }

    public JsonObject Json { get; }

    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string type) =>
        Json["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>The logical id of the only resource of <paramref name="type"/> whose id contains <paramref name="part"/>.</summary>
    public string Id(string type, string part) =>
        Resources(type).Single(r => r.LogicalId.Contains(part, StringComparison.Ordinal)).LogicalId;

    /// <summary>The logical id of the app Lambda with <paramref name="handler"/>.</summary>
    public string FunctionId(string handler) =>
        Resources("AWS::Lambda::Function").Single(f => (string?)f.Resource["Properties"]!["Handler"] == handler).LogicalId;

    /// <summary>The logical id of the role of the app Lambda with <paramref name="handler"/>.</summary>
    public string FunctionRoleId(string handler) =>
        (string)Json["Resources"]![FunctionId(handler)]!["Properties"]!["Role"]!["Fn::GetAtt"]![0]!;

    /// <summary>Every IAM statement attached to a role (policies, inline policies, managed policies), with its role.</summary>
    public IEnumerable<(string Role, JsonObject Statement)> RoleStatements()
    {
        foreach (var (_, policy) in Resources("AWS::IAM::Policy").Concat(Resources("AWS::IAM::ManagedPolicy")))
        {
            var p = policy["Properties"]!;
            foreach (var role in p["Roles"]?.AsArray() ?? [])
            {
                foreach (var statement in p["PolicyDocument"]!["Statement"]!.AsArray())
                {
                    yield return ((string)role!["Ref"]!, statement!.AsObject());
                }
            }
        }

        foreach (var (id, role) in Resources("AWS::IAM::Role"))
        {
            foreach (var inline in role["Properties"]!["Policies"]?.AsArray() ?? [])
            {
                foreach (var statement in inline!["PolicyDocument"]!["Statement"]!.AsArray())
                {
                    yield return (id, statement!.AsObject());
                }
            }
        }
    }

    /// <summary>The state machine definition with its tokens resolved (placeholder ARNs end with the logical id).</summary>
    public JsonObject Definition => definition ??= ResolveDefinition();

    private JsonObject? definition;

    private JsonObject ResolveDefinition()
    {
        var machine = Resources("AWS::StepFunctions::StateMachine").Single().Resource;
        return JsonNode.Parse(Flatten(machine["Properties"]!["DefinitionString"]!))!.AsObject();
    }

    private static string Flatten(JsonNode node) => node switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonObject o when o["Fn::Join"] is JsonArray join =>
            string.Join(join[0]!.GetValue<string>(), join[1]!.AsArray().Select(p => Flatten(p!))),
        JsonObject o when o["Fn::GetAtt"] is JsonArray att => "arn:aws:lambda:us-east-1:123456789012:function:" + att[0]!.GetValue<string>(),
        JsonObject o when o["Ref"] is JsonValue r => r.GetValue<string>() switch
        {
            "AWS::Partition" => "aws",
            "AWS::Region" => "us-east-1",
            "AWS::AccountId" => "123456789012",
            var id => id.ToLowerInvariant(),
        },
        _ => throw new InvalidOperationException("Unexpected token " + node.ToJsonString()),
    };
}
