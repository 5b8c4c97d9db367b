using System.Text.Json.Nodes;

namespace PropGrade.Cdk.Tests;

/// <summary>CloudFormation values as text: tokens written <c>{Ref:Id}</c> and <c>{Id.Attribute}</c>, joins joined.</summary>
internal static class CfnText
{
    public static string Render(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v => v.ToString(),
        JsonObject o when o["Fn::Join"] is JsonArray join =>
            string.Join(join[0]!.GetValue<string>(), join[1]!.AsArray().Select(Render)),
        JsonObject o when o["Ref"] is JsonValue r => "{Ref:" + r.GetValue<string>() + "}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray att => "{" + att[0]!.GetValue<string>() + "." + att[1]!.GetValue<string>() + "}",
        JsonObject o when o["Fn::Sub"] is JsonValue sub => sub.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    /// <summary>A statement's actions or resources (a string or an array) as text.</summary>
    public static List<string> List(JsonNode? node) => node switch
    {
        null => [],
        JsonArray a => [.. a.Select(Render)],
        _ => [Render(node)],
    };

    /// <summary>IAM's glob: <c>*</c> matches any run of characters (across <c>/</c>), <c>?</c> one.</summary>
    public static bool Matches(string pattern, string value)
    {
        var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(value, regex, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
    }
}
