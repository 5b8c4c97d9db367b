using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class WorkflowTests(SynthesizedStack synth)
{
    private JsonObject MapState => synth.Definition["States"]!["GradeAgents"]!.AsObject();

    private IEnumerable<(string Name, JsonObject State)> AllStates()
    {
        foreach (var (name, state) in synth.Definition["States"]!.AsObject())
        {
            yield return (name, state!.AsObject());
        }

        foreach (var (name, state) in MapState["ItemProcessor"]!["States"]!.AsObject())
        {
            yield return (name, state!.AsObject());
        }
    }

    [Fact]
    public void StateMachine_IsStandardWithLoggingAndTracing()
    {
        synth.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", new Dictionary<string, object>
        {
            ["StateMachineType"] = "STANDARD",
            ["TracingConfiguration"] = new Dictionary<string, object> { ["Enabled"] = true },
            ["LoggingConfiguration"] = CdkMatch.ObjectLike(new Dictionary<string, object> { ["Level"] = "ALL" }),
        });
    }

    [Fact]
    public void Definition_RunsPrepareThenMapThenAggregate()
    {
        Assert.Equal("Prepare", (string?)synth.Definition["StartAt"]);
        Assert.Equal("GradeAgents", (string?)synth.Definition["States"]!["Prepare"]!["Next"]);
        Assert.Equal("Aggregate", (string?)MapState["Next"]);
        Assert.Equal("RunFinished", (string?)synth.Definition["States"]!["Aggregate"]!["Next"]);
    }

    [Fact]
    public void DistributedMap_ReadsItemsFromS3_BatchesAndWritesResults()
    {
        var map = MapState;
        Assert.Equal("Map", (string?)map["Type"]);
        Assert.Equal("DISTRIBUTED", (string?)map["ItemProcessor"]!["ProcessorConfig"]!["Mode"]);
        Assert.Equal("STANDARD", (string?)map["ItemProcessor"]!["ProcessorConfig"]!["ExecutionType"]);
        Assert.Equal("arn:aws:states:::s3:getObject", (string?)map["ItemReader"]!["Resource"]);
        Assert.Equal("JSON", (string?)map["ItemReader"]!["ReaderConfig"]!["InputType"]);
        Assert.Equal("$.itemsKey", (string?)map["ItemReader"]!["Parameters"]!["Key.$"]);
        Assert.StartsWith("storagework", (string?)map["ItemReader"]!["Parameters"]!["Bucket"], StringComparison.Ordinal);
        Assert.Equal(synth.Settings.AgentsPerBatch, (int)map["ItemBatcher"]!["MaxItemsPerBatch"]!);
        Assert.Equal("$.runId", (string?)map["ItemBatcher"]!["BatchInput"]!["runId.$"]);
        Assert.Equal(synth.Settings.MaxConcurrency, (int)map["MaxConcurrency"]!);
        Assert.Equal(synth.Settings.ToleratedFailurePercentage, (double)map["ToleratedFailurePercentage"]!);
        Assert.Equal("arn:aws:states:::s3:putObject", (string?)map["ResultWriter"]!["Resource"]);
    }

    [Fact]
    public void ItemProcessor_RunsStage1ThenStage2ThenStage3()
    {
        var processor = MapState["ItemProcessor"]!.AsObject();
        Assert.Equal("ProfileStage", (string?)processor["StartAt"]);
        var states = processor["States"]!.AsObject();
        Assert.Equal("AfterProfile", (string?)states["ProfileStage"]!["Next"]);
        var afterProfile = states["AfterProfile"]!["Choices"]!.AsArray().Select(c => (string?)c!["Next"]).ToList();
        Assert.Equal(["ActiveStage", "SoldStage"], afterProfile);
        Assert.Equal("AfterActive", (string?)states["ActiveStage"]!["Next"]);
        Assert.Equal("SoldStage", (string?)states["AfterActive"]!["Choices"]![0]!["Next"]);
        Assert.Equal("BatchDone", (string?)states["SoldStage"]!["Next"]);
    }

    [Fact]
    public void EveryTask_RetriesWithMaxDelayAndFullJitter_OnNamedErrorsOnly()
    {
        var tasks = AllStates().Where(s => (string?)s.State["Type"] == "Task").ToList();
        Assert.Equal(7, tasks.Count); // Prepare, Aggregate, MarkRunFailed + the 3 stages and RecordBatchFailure
        foreach (var (name, task) in tasks)
        {
            var retries = task["Retry"]!.AsArray();
            Assert.NotEmpty(retries);
            foreach (var retry in retries)
            {
                var errors = retry!["ErrorEquals"]!.AsArray().Select(e => (string?)e).ToList();
                Assert.DoesNotContain("States.ALL", errors);
                Assert.True(retry["MaxDelaySeconds"] is not null, name + " retry has no MaxDelaySeconds");
                Assert.Equal("FULL", (string?)retry["JitterStrategy"]);
                Assert.InRange((int)retry["MaxAttempts"]!, 1, 3);
            }
        }
    }

    [Theory]
    [InlineData("ProfileStage")]
    [InlineData("ActiveStage")]
    [InlineData("SoldStage")]
    public void StageTasks_RetryRateLimited_AndCatchIntoBatchFailure(string stage)
    {
        var task = MapState["ItemProcessor"]!["States"]![stage]!.AsObject();
        var retried = task["Retry"]!.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => (string?)e);
        Assert.Contains("RateLimitedException", retried);
        var catches = task["Catch"]!.AsArray();
        Assert.Equal("RunStopped", (string?)catches[0]!["Next"]);
        Assert.Contains("ApiAuthException", catches[0]!["ErrorEquals"]!.AsArray().Select(e => (string?)e));
        Assert.Equal("States.ALL", (string?)catches[^1]!["ErrorEquals"]![0]);
        Assert.Equal("RecordBatchFailure", (string?)catches[^1]!["Next"]);
    }

    [Theory]
    [InlineData("Prepare")]
    [InlineData("GradeAgents")]
    [InlineData("Aggregate")]
    public void RunSteps_CatchEverythingIntoMarkRunFailed(string state)
    {
        var catches = synth.Definition["States"]![state]!["Catch"]!.AsArray();
        var all = catches.Single(c => (string?)c!["ErrorEquals"]![0] == "States.ALL");
        Assert.Equal("MarkRunFailed", (string?)all!["Next"]);
        Assert.Equal("RunFailed", (string?)synth.Definition["States"]!["MarkRunFailed"]!["Next"]);
        Assert.Equal("Fail", (string?)synth.Definition["States"]!["RunFailed"]!["Type"]);
    }

    [Fact]
    public void Schedule_IsQuarterlyWithEveryCronFieldNamed()
    {
        synth.Template.HasResourceProperties("AWS::Events::Rule", new Dictionary<string, object>
        {
            ["ScheduleExpression"] = "cron(0 6 1 1,4,7,10 ? *)",
            ["State"] = "ENABLED",
        });
    }

    [Fact]
    public void LaunchRule_StartsTheStateMachineOnRequestObjects()
    {
        var rule = synth.Resources("AWS::Events::Rule")
            .Single(r => r.Resource["Properties"]!["EventPattern"] is not null).Resource["Properties"]!;
        Assert.Equal("Object Created", (string?)rule["EventPattern"]!["detail-type"]![0]);
        Assert.Equal("runs/*/request.json", (string?)rule["EventPattern"]!["detail"]!["object"]!["key"]![0]!["wildcard"]);
        var target = rule["Targets"]![0]!;
        Assert.Equal("Ref", target["Arn"]!.AsObject().Single().Key);
        Assert.Contains("detail.object.key", target["InputTransformer"]!.ToJsonString(), StringComparison.Ordinal);
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        Assert.Equal(machineId, (string?)target["Arn"]!["Ref"]);
    }

    [Fact]
    public void WorkBucket_SendsEventsToEventBridge()
    {
        synth.Template.HasResourceProperties("Custom::S3BucketNotifications", new Dictionary<string, object>
        {
            ["NotificationConfiguration"] = new Dictionary<string, object>
            {
                ["EventBridgeConfiguration"] = new Dictionary<string, object>(),
            },
        });
    }

    [Fact]
    public void Alarm_FiresOnFailedExecutions()
    {
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "ExecutionsFailed",
            ["Namespace"] = "AWS/States",
            ["Threshold"] = 1,
        });
    }
}
