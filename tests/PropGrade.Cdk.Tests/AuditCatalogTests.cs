using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using PropGrade.Core.Audit;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class AuditCatalogTests(SynthesizedStack synth)
{
    private JsonNode TableInput => synth.Resources("AWS::Glue::Table").Single().Resource["Properties"]!["TableInput"]!;

    [Fact]
    public void Table_ReadsGzipJsonLinesUnderEachRunsRawPrefix_WithRunIdProjected()
    {
        var raw = synth.Id("AWS::S3::Bucket", "Raw");
        var table = TableInput;
        Assert.Equal(AuditCatalog.TableName, (string?)table["Name"]);
        Assert.Equal("EXTERNAL_TABLE", (string?)table["TableType"]);
        var parameters = table["Parameters"]!;
        Assert.Equal("true", (string?)parameters["projection.enabled"]);
        Assert.Equal("injected", (string?)parameters["projection.run_id.type"]);
        Assert.Equal("s3://{Ref:" + raw + "}/runs/${run_id}/raw/", CfnText.Render(parameters["storage.location.template"]));
        Assert.Equal("gzip", (string?)parameters["compressionType"]);
        Assert.Equal(["run_id"], table["PartitionKeys"]!.AsArray().Select(k => (string?)k!["Name"]));

        var storage = table["StorageDescriptor"]!;
        Assert.Equal("s3://{Ref:" + raw + "}/runs/", CfnText.Render(storage["Location"]));
        Assert.Equal("org.openx.data.jsonserde.JsonSerDe", (string?)storage["SerdeInfo"]!["SerializationLibrary"]);
        Assert.Equal("org.apache.hadoop.mapred.TextInputFormat", (string?)storage["InputFormat"]);
        // The location template is where S3RawStore writes (runs/{runId}/raw/{group}.jsonl.gz).
        Assert.EndsWith(RawExchangeSerializer.FileExtension, PropGrade.Aws.Storage.S3Keys.Raw("r1", "b1/sold"), StringComparison.Ordinal);
        Assert.StartsWith("runs/r1/raw/", PropGrade.Aws.Storage.S3Keys.Raw("r1", "b1/sold"), StringComparison.Ordinal);
    }

    [Fact]
    public void Table_HasOneColumnPerFieldOfTheRawRecord()
    {
        // A real record in the one raw format: its JSON properties are the columns (the SerDe is case-insensitive).
        var exchange = new RawExchange(
            "r1", "sold", "884288", 3, 2, "GET", "/agents/get-listings?page=3", 503,
            new Dictionary<string, string> { ["content-type"] = "application/json" }, [1, 2, 3],
            new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero), 12.5, "retry:http_503", "reset");
        var fields = JsonNode.Parse(RawExchangeSerializer.Serialize(exchange))!.AsObject().Select(p => p.Key.ToLowerInvariant()).Order().ToList();
        var columns = TableInput["StorageDescriptor"]!["Columns"]!.AsArray().Select(c => (string)c!["Name"]!).Order().ToList();
        Assert.Equal(fields, columns);
        Assert.DoesNotContain(AuditCatalog.PartitionColumn, columns);
        Assert.Equal("map<string,string>", (string?)TableInput["StorageDescriptor"]!["Columns"]!.AsArray().Single(c => (string?)c!["Name"] == "responseheaders")!["Type"]);
    }

    [Fact]
    public void Database_AndWorkGroup_KeepResultsEncryptedInTheWorkBucket()
    {
        var database = synth.Resources("AWS::Glue::Database").Single().Resource["Properties"]!;
        Assert.Equal("teststack_audit", (string?)database["DatabaseInput"]!["Name"]);
        Assert.Equal("teststack_audit", (string?)TableInput.Parent!["DatabaseName"]);
        synth.Template.HasResourceProperties("AWS::Athena::WorkGroup", new Dictionary<string, object>
        {
            ["Name"] = "teststack_audit",
            ["WorkGroupConfiguration"] = CdkMatch.ObjectLike(new Dictionary<string, object>
            {
                ["EnforceWorkGroupConfiguration"] = true,
                ["ResultConfiguration"] = new Dictionary<string, object>
                {
                    ["EncryptionConfiguration"] = new Dictionary<string, object> { ["EncryptionOption"] = "SSE_S3" },
                    ["OutputLocation"] = new Dictionary<string, object>
                    {
                        ["Fn::Join"] = new object[] { "", new object[] { "s3://", new Dictionary<string, object> { ["Ref"] = synth.Id("AWS::S3::Bucket", "Work") }, "/athena-results/" } },
                    },
                },
            }),
        });
    }
}
