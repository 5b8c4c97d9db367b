using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class StorageTests(SynthesizedStack synth)
{
    [Fact]
    public void EveryBucket_BlocksPublicAccess_AndIsEncrypted()
    {
        var buckets = synth.Resources("AWS::S3::Bucket").ToList();
        Assert.True(buckets.Count >= 4, "raw, work, exports and web buckets");
        foreach (var (id, bucket) in buckets)
        {
            var block = bucket["Properties"]!["PublicAccessBlockConfiguration"];
            Assert.True(block is not null, id + " has no public access block");
            foreach (var key in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
            {
                Assert.True((bool)block![key]!, $"{id}.{key}");
            }

            var sse = bucket["Properties"]!["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!;
            Assert.Equal("AES256", (string?)sse["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]);
        }
    }

    [Fact]
    public void EveryBucket_DeniesPlainHttp()
    {
        var buckets = synth.Resources("AWS::S3::Bucket").Select(b => b.LogicalId).ToHashSet();
        var enforced = synth.Resources("AWS::S3::BucketPolicy")
            .Where(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().Any(s =>
                (string?)s!["Effect"] == "Deny" &&
                s["Condition"]?["Bool"]?["aws:SecureTransport"]?.ToString() == "false"))
            .Select(p => (string?)p.Resource["Properties"]!["Bucket"]!["Ref"])
            .ToHashSet();
        Assert.Equal(buckets, enforced!);
    }

    [Fact]
    public void RawBucket_TiersAndExpiresRawData()
    {
        synth.Template.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["LifecycleConfiguration"] = new Dictionary<string, object>
            {
                ["Rules"] = CdkMatch.ArrayWith([CdkMatch.ObjectLike(new Dictionary<string, object>
                {
                    ["Id"] = "raw-tiering",
                    ["ExpirationInDays"] = synth.Settings.RawRetentionDays,
                    ["Transitions"] = new object[]
                    {
                        new Dictionary<string, object> { ["StorageClass"] = "STANDARD_IA", ["TransitionInDays"] = 30 },
                        new Dictionary<string, object> { ["StorageClass"] = "GLACIER_IR", ["TransitionInDays"] = 90 },
                    },
                })]),
            },
        });
    }

    [Fact]
    public void RunsTable_IsOnDemandWithPointInTimeRecovery()
    {
        synth.Template.HasResourceProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
            ["KeySchema"] = new object[] { new Dictionary<string, object> { ["AttributeName"] = "runId", ["KeyType"] = "HASH" } },
            ["GlobalSecondaryIndexes"] = CdkMatch.ArrayWith([CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["IndexName"] = Storage.RunsListIndex,
            })]),
        });
    }
}
