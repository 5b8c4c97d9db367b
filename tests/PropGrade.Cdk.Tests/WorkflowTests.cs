using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using CdkMatch = Amazon.CDK.Assertions.Match;

namespace PropGrade.Cdk.Tests;

[Collection(StackCollection.Name)]
public sealed class WorkflowTests(SynthesizedStack synth)
{
    private JsonObject MapState => synth.Definition["States"]!["GradeAgents"]!.AsObject();

    private JsonObject DiscoveryState => synth.Definition["States"]!["DiscoverMarkets"]!.AsObject();

    private IEnumerable<(string Name, JsonObject State)> AllStates()
    {
        foreach (var (name, state) in synth.Definition["States"]!.AsObject())
        {
            yield return (name, state!.AsObject());
        }

        foreach (var map in new[] { MapState, DiscoveryState })
        {
            foreach (var (name, state) in map["ItemProcessor"]!["States"]!.AsObject())
            {
                yield return (name, state!.AsObject());
            }
        }
    }

    [Fact]
    public void StateMachine_IsStandardWithTracing_LoggingAtErrorIntoAGroupWithRetention()
    {
        var logGroup = new Capture();
        synth.Template.HasResourceProperties("AWS::StepFunctions::StateMachine", new Dictionary<string, object>
        {
            ["StateMachineType"] = "STANDARD",
            ["TracingConfiguration"] = new Dictionary<string, object> { ["Enabled"] = true },
            // The Map's child executions log with the parent's configuration: ERROR keeps them to their failures.
            ["LoggingConfiguration"] = new Dictionary<string, object>
            {
                ["Level"] = "ERROR",
                ["IncludeExecutionData"] = true,
                ["Destinations"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["CloudWatchLogsLogGroup"] = new Dictionary<string, object>
                        {
                            ["LogGroupArn"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new object[] { logGroup, "Arn" } },
                        },
                    },
                },
            },
        });
        Assert.Equal(90, (double)synth.Json["Resources"]![logGroup.AsString()]!["Properties"]!["RetentionInDays"]!);
    }

    [Fact]
    public void StateMachine_TimeoutIsDerivedFromTheLargestRun()
    {
        // Test settings: 1.5 × 200,000 agents × 4 calls / 14 req/s + 1 h = 24.8 h → 25 h.
        Assert.Equal(TimeSpan.FromHours(25), synth.Settings.ExecutionTimeout);
        Assert.Equal(25 * 3600, (int)synth.Definition["TimeoutSeconds"]!);
    }

    [Fact]
    public void Definition_StartsThenDiscoversThenGradesThenAggregates()
    {
        var states = synth.Definition["States"]!;
        Assert.Equal("StartRun", (string?)synth.Definition["StartAt"]);
        Assert.Equal("AnyMarkets?", (string?)states["StartRun"]!["Next"]);
        // A roster run has no market to discover: straight to FinishDiscovery.
        var anyMarkets = states["AnyMarkets?"]!;
        Assert.Equal("$.markets", (string?)anyMarkets["Choices"]![0]!["Variable"]);
        Assert.Equal("DiscoverMarkets", (string?)anyMarkets["Choices"]![0]!["Next"]);
        Assert.Equal("FinishDiscovery", (string?)anyMarkets["Default"]);
        Assert.Equal("FinishDiscovery", (string?)DiscoveryState["Next"]);
        Assert.Equal("GradeAgents", (string?)states["FinishDiscovery"]!["Next"]);
        Assert.Equal("Aggregate", (string?)MapState["Next"]);
        Assert.Equal("RunFinished", (string?)states["Aggregate"]!["Next"]);
    }

    [Fact]
    public void DiscoveryMap_OneMarketPerChild_FromS3_AtTheRatesStartRunComputed()
    {
        var map = DiscoveryState;
        Assert.Equal("DISTRIBUTED", (string?)map["ItemProcessor"]!["ProcessorConfig"]!["Mode"]);
        Assert.Equal("STANDARD", (string?)map["ItemProcessor"]!["ProcessorConfig"]!["ExecutionType"]);
        Assert.Equal("arn:aws:states:::s3:getObject", (string?)map["ItemReader"]!["Resource"]);
        Assert.Equal("$.marketsKey", (string?)map["ItemReader"]!["Parameters"]!["Key.$"]);
        Assert.Null(map["ItemBatcher"]);
        Assert.Equal("$$.Map.Item.Value", (string?)map["ItemSelector"]!["market.$"]);
        Assert.Equal("$.runId", (string?)map["ItemSelector"]!["runId.$"]);
        Assert.Equal("$.discoveryRate", (string?)map["ItemSelector"]!["rate.$"]);
        // The markets at once come from the rate (StartRun's output), not a fixed setting.
        Assert.Equal("$.discoveryWorkers", (string?)map["MaxConcurrencyPath"]);
        Assert.Null(map["MaxConcurrency"]);
        Assert.Equal(0, (double)map["ToleratedFailurePercentage"]!);
        Assert.Equal("arn:aws:states:::s3:putObject", (string?)map["ResultWriter"]!["Resource"]);
        Assert.True(map.ContainsKey("ResultPath") && map["ResultPath"] is null, "the Map's results are discarded from the state");
    }

    [Fact]
    public void DiscoveryChild_LoopsOnSlicesUntilItsMarketIsDone()
    {
        var processor = DiscoveryState["ItemProcessor"]!.AsObject();
        Assert.Equal("DiscoverMarket", (string?)processor["StartAt"]);
        var states = processor["States"]!.AsObject();
        Assert.Equal("$.progress", (string?)states["DiscoverMarket"]!["ResultPath"]);
        Assert.Equal("MarketDone?", (string?)states["DiscoverMarket"]!["Next"]);
        var choice = states["MarketDone?"]!;
        Assert.Equal("$.progress.done", (string?)choice["Choices"]![0]!["Variable"]);
        Assert.True((bool)choice["Choices"]![0]!["BooleanEquals"]!);
        Assert.Equal("MarketDiscovered", (string?)choice["Choices"]![0]!["Next"]);
        Assert.Equal("DiscoverMarket", (string?)choice["Default"]);
        var catches = states["DiscoverMarket"]!["Catch"]!.AsArray();
        Assert.Equal(Workflow.RunStoppingErrors.Order(), catches.Single()!["ErrorEquals"]!.AsArray().Select(e => (string)e!).Order());
        Assert.Equal("Fail", (string?)states[(string)catches.Single()!["Next"]!]!["Type"]);
    }

    [Fact]
    public void AgentsMap_ReadsItemsFromS3_BatchesWithTheWorkersPlan_AndWritesResults()
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
        Assert.Equal(Workflow.MaxBatchBytes, (int)map["ItemBatcher"]!["MaxInputBytesPerBatch"]!);
        // Every batch knows its run, its worker's rate and its agents in flight (FinishDiscovery's plan).
        var batchInput = map["ItemBatcher"]!["BatchInput"]!;
        Assert.Equal("$.runId", (string?)batchInput["runId.$"]);
        Assert.Equal("$.rate", (string?)batchInput["rate.$"]);
        Assert.Equal("$.inFlight", (string?)batchInput["inFlight.$"]);
        Assert.Equal("$.workers", (string?)map["MaxConcurrencyPath"]);
        Assert.Null(map["MaxConcurrency"]);
        Assert.Equal(0, (double)map["ToleratedFailurePercentage"]!);
        Assert.Null(map["ToleratedFailureCount"]);
        Assert.Equal("arn:aws:states:::s3:putObject", (string?)map["ResultWriter"]!["Resource"]);
        Assert.True(map.ContainsKey("ResultPath") && map["ResultPath"] is null, "the Map's results are discarded from the state");
    }

    [Fact]
    public void AgentsChild_LoopsOnTimeBudgetedInvocations_AndOnRecordedFailures()
    {
        var processor = MapState["ItemProcessor"]!.AsObject();
        Assert.Equal("GradeBatch", (string?)processor["StartAt"]);
        var states = processor["States"]!.AsObject();
        Assert.Equal("$.progress", (string?)states["GradeBatch"]!["ResultPath"]);
        Assert.Equal("BatchDone?", (string?)states["GradeBatch"]!["Next"]);
        var choice = states["BatchDone?"]!;
        Assert.Equal("$.progress.done", (string?)choice["Choices"]![0]!["Variable"]);
        Assert.Equal("BatchGraded", (string?)choice["Choices"]![0]!["Next"]);
        Assert.Equal("GradeBatch", (string?)choice["Default"]);
        // A died invocation is recorded, then the loop goes on (from the batch's last checkpoint) or ends the batch.
        Assert.Equal("$.progress", (string?)states["RecordBatchFailure"]!["ResultPath"]);
        Assert.Equal("BatchDone?", (string?)states["RecordBatchFailure"]!["Next"]);
    }

    [Fact]
    public void EveryTask_RetriesWithMaxDelayAndFullJitter_OnNamedErrorsOnly()
    {
        var tasks = AllStates().Where(s => (string?)s.State["Type"] == "Task").ToList();
        // StartRun, FinishDiscovery, Aggregate, MarkRunFailed + DiscoverMarket, GradeBatch, RecordBatchFailure
        Assert.Equal(7, tasks.Count);
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
    [InlineData("StartRun", false)]
    [InlineData("DiscoverMarket", false)]
    [InlineData("GradeBatch", false)]
    [InlineData("FinishDiscovery", true)]
    [InlineData("RecordBatchFailure", true)]
    [InlineData("Aggregate", true)]
    [InlineData("MarkRunFailed", true)]
    public void Tasks_RetryAnInvocationThatMayHaveRun_OnlyWhenRunningTwiceIsHarmless(string state, bool harmless)
    {
        var retried = Retried(state);
        // The Lambda service refused or failed the call before the function ran: always safe.
        Assert.Equal(Workflow.LambdaServiceErrors.Order(), retried.Intersect(Workflow.LambdaServiceErrors).Order());
        // A timed-out invocation may have made its calls (workers) or started its run (StartRun): never repeated there.
        foreach (var error in new[] { "Sandbox.Timedout", "Lambda.ClientExecutionTimeoutException" })
        {
            Assert.Equal(harmless, retried.Contains(error));
        }
    }

    [Fact]
    public void NoTask_RetriesAnErrorThatNeverLeavesTheLambda()
    {
        // RateLimitedException is a TransientApiException: Core catches it (incomplete agent), so it never reaches
        // Step Functions and a Retry on it could never fire. The run-stopping errors are caught, not retried.
        foreach (var (name, state) in AllStates().Where(s => (string?)s.State["Type"] == "Task"))
        {
            var retried = Retried(name);
            Assert.DoesNotContain("RateLimitedException", retried);
            Assert.Empty(retried.Intersect(Workflow.RunStoppingErrors));
            Assert.Equal(retried, retried.Where(e => e.StartsWith("Lambda.", StringComparison.Ordinal) || e == "Sandbox.Timedout"));
        }
    }

    [Fact]
    public void GradeBatch_CatchesRunStoppingErrorsIncludingTheBreakerIntoRunStopped_AndTheRestIntoBatchFailure()
    {
        var task = MapState["ItemProcessor"]!["States"]!["GradeBatch"]!.AsObject();
        var catches = task["Catch"]!.AsArray();
        Assert.Equal("RunStopped", (string?)catches[0]!["Next"]);
        Assert.Equal(
            ["ApiAuthException", "ApiKeyLockedException", "EndpointMissingException", "QuotaExhaustedException", "RunBreakerOpenException"],
            catches[0]!["ErrorEquals"]!.AsArray().Select(e => (string?)e).Order());
        Assert.Equal("Fail", (string?)MapState["ItemProcessor"]!["States"]!["RunStopped"]!["Type"]);
        Assert.Equal("States.ALL", (string?)catches[^1]!["ErrorEquals"]![0]);
        Assert.Equal("RecordBatchFailure", (string?)catches[^1]!["Next"]);
    }

    [Fact]
    public void StartRun_RepeatedLaunchAndRefusedKeyEndQuietly_EverythingElseIntoMarkRunFailed()
    {
        var states = synth.Definition["States"]!;
        var catches = states["StartRun"]!["Catch"]!.AsArray();
        Assert.Equal("DuplicateStartIgnored", (string?)catches.Single(c => (string?)c!["ErrorEquals"]![0] == "RunAlreadyStartedException")!["Next"]);
        Assert.Equal("StartRefused", (string?)catches.Single(c => (string?)c!["ErrorEquals"]![0] == "ApiKeyLockedException")!["Next"]);
        Assert.Equal("Succeed", (string?)states["StartRefused"]!["Type"]);
        var all = catches.Single(c => (string?)c!["ErrorEquals"]![0] == "States.ALL");
        Assert.Equal("MarkRunFailed", (string?)all!["Next"]);
        Assert.Equal("RunFailed", (string?)states["MarkRunFailed"]!["Next"]);
        Assert.Equal("Fail", (string?)states["RunFailed"]!["Type"]);
    }

    [Theory]
    [InlineData("DiscoverMarkets")]
    [InlineData("FinishDiscovery")]
    [InlineData("GradeAgents")]
    [InlineData("Aggregate")]
    public void MapsFinishDiscoveryAndAggregate_AreNotCaught_SoARedriveResumesThem(string state)
    {
        // Caught into MarkRunFailed → RunFailed (Fail), a redrive would re-enter the Fail state and fail again; uncaught,
        // the execution fails at this state, a redrive resumes it (workers go on from their saved progress), and the
        // run-status rules mark the run FAILED meanwhile and reopen it on the redrive.
        Assert.Null(synth.Definition["States"]![state]!["Catch"]);
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
    public void LaunchRule_StartsTheStateMachineOnRequestObjects_WithADeadLetterQueue()
    {
        var rule = Rule("Object Created");
        Assert.Equal("runs/*/request.json", (string?)rule["EventPattern"]!["detail"]!["object"]!["key"]![0]!["wildcard"]);
        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Equal("Ref", target["Arn"]!.AsObject().Single().Key);
        Assert.Contains("detail.object.key", target["InputTransformer"]!.ToJsonString(), StringComparison.Ordinal);
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        Assert.Equal(machineId, (string?)target["Arn"]!["Ref"]);
        AssertDeadLetteredWithRetries(target);
    }

    [Fact]
    public void ScheduleRule_InvokesTheScheduledRunFunction_WithADeadLetterQueue()
    {
        var rule = synth.Resources("AWS::Events::Rule").Single(r => r.Resource["Properties"]!["ScheduleExpression"] is not null).Resource["Properties"]!;
        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Equal("{" + synth.FunctionId(HandlerNames.Schedule) + ".Arn}", CfnText.Render(target["Arn"]));
        AssertDeadLetteredWithRetries(target);
    }

    [Fact]
    public void RunEndedRule_SendsFailedTimedOutAndAbortedExecutionsOfThisMachine_ToTheExecutionStatusFunction()
    {
        var rule = synth.Resources("AWS::Events::Rule")
            .Single(r => (string?)r.Resource["Properties"]!["EventPattern"]?["detail-type"]?[0] == Workflow.ExecutionStatusChange
                && r.Resource["Properties"]!["EventPattern"]!["detail"]!["redriveCount"] is null).Resource["Properties"]!;
        var pattern = rule["EventPattern"]!;
        Assert.Equal(["aws.states"], pattern["source"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["ABORTED", "FAILED", "TIMED_OUT"], pattern["detail"]!["status"]!.AsArray().Select(s => (string?)s).Order());
        // Exactly the grading machine: the Map's children report under a labelled ARN and are not matched.
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        Assert.Equal(["{Ref:" + machineId + "}"], pattern["detail"]!["stateMachineArn"]!.AsArray().Select(CfnText.Render));
        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Equal("{" + synth.FunctionId(HandlerNames.ExecutionStatus) + ".Arn}", CfnText.Render(target["Arn"]));
        Assert.Null(target["InputTransformer"]); // the handler reads the whole event (its detail.input)
        AssertDeadLetteredWithRetries(target);
    }

    [Fact]
    public void RunRedrivenRule_SendsRedrivenExecutionsOfThisMachine_ToTheExecutionStatusFunction()
    {
        var rule = synth.Resources("AWS::Events::Rule")
            .Single(r => r.Resource["Properties"]!["EventPattern"]?["detail"]?["redriveCount"] is not null).Resource["Properties"]!;
        var detail = rule["EventPattern"]!["detail"]!;
        Assert.Equal(["RUNNING"], detail["status"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(">", (string?)detail["redriveCount"]![0]!["numeric"]![0]);
        Assert.Equal(0d, (double)detail["redriveCount"]![0]!["numeric"]![1]!);
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        Assert.Equal(["{Ref:" + machineId + "}"], detail["stateMachineArn"]!.AsArray().Select(CfnText.Render));
        var target = rule["Targets"]!.AsArray().Single()!;
        Assert.Equal("{" + synth.FunctionId(HandlerNames.ExecutionStatus) + ".Arn}", CfnText.Render(target["Arn"]));
        AssertDeadLetteredWithRetries(target);
    }

    [Theory]
    [InlineData("ExecutionsFailed")]
    [InlineData("ExecutionsTimedOut")]
    [InlineData("ExecutionsAborted")]
    public void Alarms_OnFailedTimedOutAndAbortedExecutions_NotifyTheAlarmTopic(string metric)
    {
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        synth.Template.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = metric,
            ["Namespace"] = "AWS/States",
            ["Statistic"] = "Sum",
            ["Threshold"] = 1,
            ["ComparisonOperator"] = "GreaterThanOrEqualToThreshold",
            ["Dimensions"] = new object[]
            {
                new Dictionary<string, object> { ["Name"] = "StateMachineArn", ["Value"] = new Dictionary<string, object> { ["Ref"] = machineId } },
            },
            ["AlarmActions"] = new object[] { new Dictionary<string, object> { ["Ref"] = synth.Id("AWS::SNS::Topic", "Alarms") } },
        });
    }

    [Fact]
    public void StateMachineRole_DescribesAndStopsExecutionsOnExecutionArns_AndRedrivesTheMapsChildren()
    {
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        var role = StateMachineRoleId();
        var statements = synth.RoleStatements().Where(s => s.Role == role).Select(s => s.Statement).ToList();
        var prefix = "arn:{Ref:AWS::Partition}:states:{Ref:AWS::Region}:{Ref:AWS::AccountId}:execution:{" + machineId + ".Name}";

        Assert.Equal([prefix + ":*"], Resources(statements, "states:DescribeExecution"));
        Assert.Equal([prefix + ":*"], Resources(statements, "states:StopExecution"));
        Assert.Equal([prefix + "/*:*"], Resources(statements, "states:RedriveExecution"));
        Assert.Equal(["{Ref:" + machineId + "}"], Resources(statements, "states:StartExecution"));

        // CDK 2.160's own grant (DescribeExecution/StopExecution on "{stateMachineArn}:*") is gone from every policy.
        foreach (var (_, statement) in synth.RoleStatements())
        {
            var actions = CfnText.List(statement["Action"]);
            if (actions.Any(a => a is "states:DescribeExecution" or "states:StopExecution" or "states:RedriveExecution"))
            {
                Assert.All(CfnText.List(statement["Resource"]), r => Assert.Contains(":execution:", r, StringComparison.Ordinal));
            }
        }

        // The statements that name the machine are not in the policy the machine depends on (no cycle).
        var dependsOn = synth.Json["Resources"]![machineId]!["DependsOn"]!.AsArray().Select(d => (string?)d).ToList();
        var namingPolicies = synth.Resources("AWS::IAM::Policy")
            .Where(p => p.Resource.ToJsonString().Contains(machineId, StringComparison.Ordinal))
            .Select(p => p.LogicalId)
            .ToList();
        Assert.NotEmpty(namingPolicies);
        Assert.Empty(namingPolicies.Intersect(dependsOn));
    }

    [Fact]
    public void StateMachineRole_InvokesExactlyTheTaskFunctions_AndTouchesOnlyTheMapsObjects()
    {
        var role = StateMachineRoleId();
        var statements = synth.RoleStatements().Where(s => s.Role == role).Select(s => s.Statement).ToList();
        string[] tasks = [HandlerNames.StartRun, HandlerNames.DiscoverMarket, HandlerNames.FinishDiscovery, HandlerNames.GradeBatch, HandlerNames.RecordBatchFailure, HandlerNames.Aggregate, HandlerNames.RunFailed];
        Assert.Equal(tasks.Select(h => "{" + synth.FunctionId(h) + ".Arn}").Order(), Resources(statements, "lambda:InvokeFunction").Order());

        var work = "{" + synth.Id("AWS::S3::Bucket", "Work") + ".Arn}";
        Assert.Equal([work + "/map-results/*", work + "/runs/*/items.json", work + "/runs/*/markets.json"], Resources(statements, "s3:GetObject").Order());
        Assert.Equal([work + "/map-results/*"], Resources(statements, "s3:PutObject"));
        var everyAction = statements.SelectMany(s => CfnText.List(s["Action"])).Distinct().Order().ToList();
        Assert.Equal(
            [
                "lambda:InvokeFunction",
                "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:DescribeLogGroups", "logs:DescribeResourcePolicies",
                "logs:GetLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
                "s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject",
                "states:DescribeExecution", "states:RedriveExecution", "states:StartExecution", "states:StopExecution",
                "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:PutTelemetryRecords", "xray:PutTraceSegments",
            ],
            everyAction);
    }

    [Fact]
    public void OperatorPolicy_CanWatchStopAndRedriveRuns()
    {
        var machineId = synth.Resources("AWS::StepFunctions::StateMachine").Single().LogicalId;
        var policy = synth.Resources("AWS::IAM::ManagedPolicy").Single().Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Select(s => s!.AsObject()).ToList();
        var executions = "arn:{Ref:AWS::Partition}:states:{Ref:AWS::Region}:{Ref:AWS::AccountId}:execution:{" + machineId + ".Name}:*";
        foreach (var action in new[] { "states:RedriveExecution", "states:StopExecution", "states:DescribeExecution", "states:GetExecutionHistory" })
        {
            Assert.Contains(executions, Resources(policy, action));
        }

        Assert.Contains(
            "arn:{Ref:AWS::Partition}:states:{Ref:AWS::Region}:{Ref:AWS::AccountId}:mapRun:{" + machineId + ".Name}/*:*",
            Resources(policy, "states:DescribeMapRun"));
        Assert.Equal(["{Ref:" + machineId + "}"], Resources(policy, "states:ListExecutions"));
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

    private static List<string> Resources(IEnumerable<JsonObject> statements, string action) =>
        [.. statements.Where(s => CfnText.List(s["Action"]).Contains(action)).SelectMany(s => CfnText.List(s["Resource"]))];

    private List<string> Retried(string state)
    {
        var task = AllStates().Single(s => s.Name == state).State;
        return [.. task["Retry"]!.AsArray().SelectMany(r => r!["ErrorEquals"]!.AsArray()).Select(e => (string)e!)];
    }

    private string StateMachineRoleId()
    {
        var machine = synth.Resources("AWS::StepFunctions::StateMachine").Single().Resource;
        return (string)machine["Properties"]!["RoleArn"]!["Fn::GetAtt"]![0]!;
    }

    private JsonNode Rule(string detailType) =>
        synth.Resources("AWS::Events::Rule")
            .Single(r => (string?)r.Resource["Properties"]!["EventPattern"]?["detail-type"]?[0] == detailType).Resource["Properties"]!;

    private void AssertDeadLetteredWithRetries(JsonNode target)
    {
        Assert.Equal("{" + synth.Id("AWS::SQS::Queue", "DeadLetters") + ".Arn}", CfnText.Render(target["DeadLetterConfig"]!["Arn"]));
        Assert.Equal(Operations.TargetRetryAttempts, (double)target["RetryPolicy"]!["MaximumRetryAttempts"]!);
        Assert.Equal(2 * 3600, (double)target["RetryPolicy"]!["MaximumEventAgeInSeconds"]!);
    }
}
