using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Amazon.CDK.Assertions;
using PropGrade.Aws.Tests.Peers;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed partial class ResponseHeadersTests(SynthesizedStack synth)
{
    [Fact]
    public void PagePolicy_SendsTheLocalSecurityHeaders()
    {
        synth.Template.HasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", new Dictionary<string, object>
        {
            ["ResponseHeadersPolicyConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["SecurityHeadersConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    ["ContentTypeOptions"] = new Dictionary<string, object> { ["Override"] = true },
                    ["FrameOptions"] = new Dictionary<string, object> { ["FrameOption"] = "DENY", ["Override"] = true },
                    ["ReferrerPolicy"] = new Dictionary<string, object> { ["ReferrerPolicy"] = "no-referrer", ["Override"] = true },
                    ["StrictTransportSecurity"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                    {
                        ["AccessControlMaxAgeSec"] = 31_536_000,
                        ["Override"] = true,
                    }),
                }),
                ["CustomHeadersConfig"] = new Dictionary<string, object>
                {
                    ["Items"] = CdkMatch.ArrayWith([
                        new Dictionary<string, object> { ["Header"] = "Cross-Origin-Opener-Policy", ["Value"] = "same-origin", ["Override"] = true },
                        CdkMatch.ObjectLike(new Dictionary<string, object> { ["Header"] = "Permissions-Policy", ["Override"] = true }),
                    ]),
                },
            }),
        });
    }

    [Fact]
    public void PagePolicy_ContentSecurityPolicy_IsTheLocalOneWithOnlyTheHostedUiAddedToConnectSrc()
    {
        var csp = PageCsp();

        // The hosted UI's origin (the UserPoolDomain's Ref in https://{prefix}.auth.{region}.amazoncognito.com).
        var domainId = synth.Resources("AWS::Cognito::UserPoolDomain").Single().LogicalId;
        var hostedUi = "https://{Ref:" + domainId + "}.auth.{Ref:AWS::Region}.amazoncognito.com";
        var expected = LocalCsp().Replace("connect-src 'self';", "connect-src 'self' " + hostedUi + ";", StringComparison.Ordinal);
        Assert.NotEqual(LocalCsp(), expected);
        Assert.Equal(expected, csp);

        var directives = Directives(csp);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Equal("'self'", directives["script-src"]);
        Assert.Equal("'self'", directives["style-src"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
    }

    [Fact]
    public void Distribution_DefaultBehaviourUsesThePagePolicy_ApiBehavioursTheApiPolicy()
    {
        var page = PolicyIdWhoseCspContains("connect-src");
        var api = PolicyIdWhoseCspContains("default-src 'none'");
        Assert.NotEqual(page, api);
        synth.Template.HasResourceProperties("AWS::CloudFront::Distribution", new Dictionary<string, object>
        {
            ["DistributionConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["DefaultCacheBehavior"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    ["ResponseHeadersPolicyId"] = new Dictionary<string, object> { ["Ref"] = page },
                }),
                ["CacheBehaviors"] = CdkMatch.ArrayWith([
                    CdkMatch.ObjectLike(new Dictionary<string, object>
                    {
                        ["PathPattern"] = WebAndApi.ApiPathPattern,
                        ["ResponseHeadersPolicyId"] = new Dictionary<string, object> { ["Ref"] = api },
                    }),
                    CdkMatch.ObjectLike(new Dictionary<string, object>
                    {
                        ["PathPattern"] = WebAndApi.ConfigPathPattern,
                        ["ResponseHeadersPolicyId"] = new Dictionary<string, object> { ["Ref"] = api },
                    }),
                ]),
            }),
        });
    }

    [Fact]
    public void ApiPolicy_ForbidsFramingSniffingAndReferrers()
    {
        synth.Template.HasResourceProperties("AWS::CloudFront::ResponseHeadersPolicy", new Dictionary<string, object>
        {
            ["ResponseHeadersPolicyConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["SecurityHeadersConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    ["ContentSecurityPolicy"] = new Dictionary<string, object>
                    {
                        ["ContentSecurityPolicy"] = WebAndApi.ApiContentSecurityPolicy,
                        ["Override"] = true,
                    },
                    ["ContentTypeOptions"] = new Dictionary<string, object> { ["Override"] = true },
                    ["FrameOptions"] = new Dictionary<string, object> { ["FrameOption"] = "DENY", ["Override"] = true },
                    ["ReferrerPolicy"] = new Dictionary<string, object> { ["ReferrerPolicy"] = "no-referrer", ["Override"] = true },
                }),
            }),
        });
        Assert.Equal("'none'", Directives(WebAndApi.ApiContentSecurityPolicy)["frame-ancestors"]);
    }

    private string PageCsp() =>
        Flatten(synth.Resources("AWS::CloudFront::ResponseHeadersPolicy")
            .Select(p => Csp(p.Resource))
            .Single(c => Flatten(c).Contains("connect-src", StringComparison.Ordinal)));

    private string PolicyIdWhoseCspContains(string text) =>
        synth.Resources("AWS::CloudFront::ResponseHeadersPolicy")
            .Single(p => Flatten(Csp(p.Resource)).Contains(text, StringComparison.Ordinal)).LogicalId;

    private static JsonNode Csp(JsonObject policy) =>
        policy["Properties"]!["ResponseHeadersPolicyConfig"]!["SecurityHeadersConfig"]!["ContentSecurityPolicy"]!["ContentSecurityPolicy"]!;

    /// <summary>A CloudFormation string with tokens written as <c>{Ref:Id}</c>.</summary>
    private static string Flatten(JsonNode node) => node switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonObject o when o["Fn::Join"] is JsonArray join =>
            string.Join(join[0]!.GetValue<string>(), join[1]!.AsArray().Select(p => Flatten(p!))),
        JsonObject o when o["Ref"] is JsonValue r => "{Ref:" + r.GetValue<string>() + "}",
        _ => throw new InvalidOperationException("Unexpected token " + node.ToJsonString()),
    };

    private static Dictionary<string, string> Directives(string csp) =>
        csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(' ', 2))
            .ToDictionary(d => d[0], d => d.Length > 1 ? d[1] : string.Empty, StringComparer.Ordinal);

    /// <summary>The local host's policy, read from its source so the two cannot drift apart unnoticed.</summary>
    private static string LocalCsp()
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "PropGrade.Local", "Web", "SecurityHeaders.cs"));
        var start = source.IndexOf("ContentSecurityPolicy =", StringComparison.Ordinal);
        Assert.True(start >= 0, "ContentSecurityPolicy constant not found in the local host's SecurityHeaders.cs");
        var end = source.IndexOf("\";", start, StringComparison.Ordinal);
        Assert.True(end > start, "end of the ContentSecurityPolicy constant not found");
        return string.Concat(StringLiteral().Matches(source[start..(end + 1)]).Select(m => m.Groups[1].Value));
    }

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex StringLiteral();
}
