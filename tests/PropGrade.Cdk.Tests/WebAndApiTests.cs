using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class WebAndApiTests(SynthesizedStack synth)
{
    [Fact]
    public void Api_HasEveryRouteOfTheContract()
    {
        var resources = synth.Resources("AWS::ApiGateway::Resource")
            .ToDictionary(r => r.LogicalId, r => r.Resource["Properties"]!);
        string PathOf(string id)
        {
            var p = resources[id];
            var parent = p["ParentId"]!;
            var prefix = parent["Ref"] is null && parent["Fn::GetAtt"] is not null ? string.Empty : PathOf((string)parent["Ref"]!);
            return prefix + "/" + (string?)p["PathPart"];
        }

        var routes = synth.Resources("AWS::ApiGateway::Method")
            .Select(m => m.Resource["Properties"]!)
            .Select(m => (string?)m["HttpMethod"] + " " + PathOf((string)m["ResourceId"]!["Ref"]!))
            .Order()
            .ToList();
        Assert.Equal(
            [
                "GET /config/defaults", "GET /runs", "GET /runs/{runId}", "GET /runs/{runId}/agents",
                "GET /runs/{runId}/agents/{advertiserId}", "GET /runs/{runId}/breakdown", "GET /runs/{runId}/exports",
                "POST /runs", "POST /runs/estimate",
            ],
            routes);
    }

    [Fact]
    public void Api_EveryMethodUsesTheCognitoAuthorizer()
    {
        var authorizer = synth.Resources("AWS::ApiGateway::Authorizer").Single();
        Assert.Equal("COGNITO_USER_POOLS", (string?)authorizer.Resource["Properties"]!["Type"]);
        var methods = synth.Resources("AWS::ApiGateway::Method").ToList();
        Assert.Equal(9, methods.Count);
        foreach (var (id, method) in methods)
        {
            Assert.Equal("COGNITO_USER_POOLS", (string?)method["Properties"]!["AuthorizationType"]);
            Assert.Equal(authorizer.LogicalId, (string?)method["Properties"]!["AuthorizerId"]!["Ref"]);
        }
    }

    [Fact]
    public void Api_ProxiesToTheRunsLambda()
    {
        var runsFn = synth.Resources("AWS::Lambda::Function")
            .Single(f => (string?)f.Resource["Properties"]!["Handler"] == HandlerNames.RunsApi).LogicalId;
        foreach (var (_, method) in synth.Resources("AWS::ApiGateway::Method"))
        {
            var integration = method["Properties"]!["Integration"]!;
            Assert.Equal("AWS_PROXY", (string?)integration["Type"]);
            Assert.Contains(runsFn, integration["Uri"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Page_IsServedFromItsBucketThroughCloudFront_WithTheApiOnTheSameOrigin()
    {
        synth.Template.ResourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        synth.Template.HasResourceProperties("AWS::CloudFront::Distribution", new Dictionary<string, object>
        {
            ["DistributionConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["DefaultRootObject"] = "index.html",
                ["DefaultCacheBehavior"] = CdkMatch.ObjectLike(new Dictionary<string, object> { ["ViewerProtocolPolicy"] = "redirect-to-https" }),
                ["CacheBehaviors"] = CdkMatch.ArrayWith([
                    CdkMatch.ObjectLike(new Dictionary<string, object> { ["PathPattern"] = WebAndApi.ApiPathPattern, ["ViewerProtocolPolicy"] = "https-only" }),
                    CdkMatch.ObjectLike(new Dictionary<string, object> { ["PathPattern"] = WebAndApi.ConfigPathPattern, ["ViewerProtocolPolicy"] = "https-only" }),
                ]),
            }),
        });
        synth.Template.HasResourceProperties("AWS::CloudFront::CachePolicy", new Dictionary<string, object>
        {
            ["CachePolicyConfig"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["DefaultTTL"] = 0,
                ["ParametersInCacheKeyAndForwardedToOrigin"] = CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    ["HeadersConfig"] = new Dictionary<string, object> { ["HeaderBehavior"] = "whitelist", ["Headers"] = new[] { "Authorization" } },
                }),
            }),
        });
        // The page's bucket admits CloudFront only (through the distribution's service principal).
        var webBucket = synth.Resources("AWS::S3::Bucket").Single(b => b.LogicalId.Contains("Web", StringComparison.Ordinal)).LogicalId;
        var webPolicy = synth.Resources("AWS::S3::BucketPolicy")
            .Single(p => (string?)p.Resource["Properties"]!["Bucket"]!["Ref"] == webBucket).Resource.ToJsonString();
        Assert.Contains("cloudfront.amazonaws.com", webPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void PageDeployment_AsksBrowsersToRevalidateEveryModule()
    {
        var deployment = synth.Resources("Custom::CDKBucketDeployment").Single().Resource["Properties"]!;
        Assert.Equal("no-cache", (string?)deployment["SystemMetadata"]!["cache-control"]);
    }

    [Fact]
    public void SignIn_UsesAHostedUiClientWithoutSecretAndNoSelfSignUp()
    {
        synth.Template.HasResourceProperties("AWS::Cognito::UserPool", new Dictionary<string, object>
        {
            ["AdminCreateUserConfig"] = new Dictionary<string, object> { ["AllowAdminCreateUserOnly"] = true },
        });
        synth.Template.HasResourceProperties("AWS::Cognito::UserPoolClient", new Dictionary<string, object>
        {
            ["GenerateSecret"] = false,
            ["AllowedOAuthFlows"] = new[] { "code" },
        });
        synth.Template.ResourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }
}
