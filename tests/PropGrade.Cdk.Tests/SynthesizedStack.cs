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
            ToleratedFailurePercentage = 4,
            RequestsPerSecond = 14,
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
