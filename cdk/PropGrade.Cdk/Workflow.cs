using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The STANDARD state machine: StartRun (its Catch marks the run FAILED) → DiscoverMarkets (a Distributed Map over the
/// markets, each child looping on time-budgeted slices) → FinishDiscovery → GradeAgents (a Distributed Map over the
/// agents' batches, each child looping on time-budgeted invocations) → Aggregate; the Maps, FinishDiscovery and Aggregate
/// left uncaught so that a failed run can be redriven. Also how runs start (the S3 <c>request.json</c> event and the
/// quarterly schedule); how a run whose execution failed, timed out or was aborted is still marked FAILED, and a
/// redriven one reopened (the run-status rule); the alarms; and the state machine's own role, statement by statement.
/// </summary>
/// <remarks>
/// Retry ownership: the HTTP client (Polly) owns every HTTP retry inside a Lambda, and Core turns a page that still
/// fails into an incomplete agent, so nothing retryable about the API leaves a Lambda. Step Functions retries a task only
/// for Lambda-service failures, with a few attempts, MaxDelay and FULL jitter. An invocation that may have run —
/// <c>Sandbox.Timedout</c>, or <c>Lambda.ClientExecutionTimeoutException</c> — is never retried on a task that calls the
/// API or starts the run (a repeat would repeat its calls, or find its own run started): the workers' Catch loops back
/// through <c>RecordBatchFailure</c> to their last checkpoint instead; a worker's own deadline keeps that rare.
/// The lock of one run per API key and the run-level breaker live in the handlers (Core's lifecycle), not in states: a
/// refused start ends at <c>StartRefused</c>, a tripped breaker or a lock taken by another run fails the Map child as a
/// run-stopping error.
/// </remarks>
public sealed class Workflow : Construct
{
    public const string RequestKeyPattern = KeyPatterns.Request;

    /// <summary>The Lambda service refused or failed the invocation before the function ran: safe to retry anywhere.</summary>
    public static readonly string[] LambdaServiceErrors =
    [
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
    ];

    /// <summary>The invocation may have run (in part): retried only on tasks that neither call the listing API nor start the run.</summary>
    public static readonly string[] MayHaveRunErrors =
    [
        "Lambda.ClientExecutionTimeoutException",
        "Sandbox.Timedout",
    ];

    /// <summary>
    /// Run-level stops: retrying cannot help and no later batch can succeed (short exception type names) — a refused key,
    /// a spent quota, a missing endpoint, the run-level breaker, the key's lock held by another run (a redrive that lost it).
    /// </summary>
    public static readonly string[] RunStoppingErrors =
        ["ApiAuthException", "QuotaExhaustedException", "EndpointMissingException", "RunBreakerOpenException", "ApiKeyLockedException"];

    public const string RunAlreadyStartedError = "RunAlreadyStartedException";

    public const string ApiKeyLockedError = "ApiKeyLockedException";

    /// <summary>The execution statuses that end a run without the workflow's own Catch necessarily running.</summary>
    public static readonly string[] EndedUnsuccessfully = ["FAILED", "TIMED_OUT", "ABORTED"];

    public const string ExecutionStatusChange = "Step Functions Execution Status Change";

    /// <summary>Where the Distributed Maps' ResultWriters write (work bucket).</summary>
    public const string MapResultsPrefix = "map-results";

    /// <summary>The most bytes of items in one agents batch (the ItemBatcher's limit is 256 KB).</summary>
    public const int MaxBatchBytes = 240 * 1024;

    public Workflow(Construct scope, string id, PropGradeStackSettings settings, Storage storage, AppFunctions functions, Operations operations)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(operations);

        // --- one market (a discovery Map child): slices until the market is done ---
        var discoverMarket = Invoke("DiscoverMarket", functions.DiscoverMarket, retryMayHaveRun: false, resultPath: "$.progress");
        discoverMarket.AddCatch(new Fail(this, "DiscoveryStopped", new FailProps
        {
            Comment = "A run-stopping error (key, quota, endpoint, the key's lock lost): fail this child so the Map fails.",
            ErrorPath = "$.error.Error",
            CausePath = "$.error.Cause",
        }), new CatchProps { Errors = RunStoppingErrors, ResultPath = "$.error" });
        discoverMarket.Next(new Choice(this, "MarketDone?")
            .When(Condition.BooleanEquals("$.progress.done", true), new Succeed(this, "MarketDiscovered"))
            .Otherwise(discoverMarket));

        DiscoveryMap = new GradingMap(this, "DiscoverMarkets", new DistributedMapProps
        {
            ItemReader = new S3JsonItemReader(new S3FileItemReaderProps
            {
                Bucket = storage.WorkBucket,
                Key = JsonPath.StringAt("$.marketsKey"),
            }),
            // Each child: one market of this run, at the child's share of the rate (computed by StartRun).
            ItemSelector = new Dictionary<string, object>
            {
                ["runId.$"] = "$.runId",
                ["market.$"] = "$$.Map.Item.Value",
                ["rate.$"] = "$.discoveryRate",
            },
            MaxConcurrencyPath = "$.discoveryWorkers",
            ToleratedFailurePercentage = settings.ToleratedFailurePercentage,
            ResultWriter = new ResultWriter(new ResultWriterProps { Bucket = storage.WorkBucket, Prefix = MapResultsPrefix }),
            MapExecutionType = StateMachineType.STANDARD,
            ResultPath = JsonPath.DISCARD,
        });
        DiscoveryMap.ItemProcessor(discoverMarket);

        // --- one batch of agents (an agents Map child): invocations until the batch is done ---
        var batchFailed = Invoke("RecordBatchFailure", functions.RecordBatchFailure, retryMayHaveRun: true, resultPath: "$.progress");
        var gradeBatch = Invoke("GradeBatch", functions.GradeBatch, retryMayHaveRun: false, resultPath: "$.progress");
        gradeBatch.AddCatch(new Fail(this, "RunStopped", new FailProps
        {
            Comment = "A run-stopping error (key, quota, endpoint, run breaker, the key's lock lost): fail this child so the Map run fails.",
            // The child fails with the worker's own error and cause (the breaker's reason), not an anonymous Fail.
            ErrorPath = "$.error.Error",
            CausePath = "$.error.Cause",
        }), new CatchProps { Errors = RunStoppingErrors, ResultPath = "$.error" });
        gradeBatch.AddCatch(batchFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });
        var batchDone = new Choice(this, "BatchDone?")
            .When(Condition.BooleanEquals("$.progress.done", true), new Succeed(this, "BatchGraded"))
            .Otherwise(gradeBatch);
        gradeBatch.Next(batchDone);
        batchFailed.Next(batchDone);

        // --- the run ---
        var runFailed = Invoke("MarkRunFailed", functions.RunFailed, retryMayHaveRun: true, resultPath: null);
        runFailed.Next(new Fail(this, "RunFailed", new FailProps { Comment = "The run is marked FAILED in the runs table." }));

        var start = Invoke("StartRun", functions.StartRun, retryMayHaveRun: false, resultPath: null);
        start.AddCatch(new Succeed(this, "DuplicateStartIgnored", new SucceedProps
        {
            Comment = "The run was not QUEUED (a repeated launch event): nothing to do.",
        }), new CatchProps { Errors = [RunAlreadyStartedError], ResultPath = "$.error" });
        start.AddCatch(new Succeed(this, "StartRefused", new SucceedProps
        {
            Comment = "Another run holds the API key: this run is REJECTED with the holder named, and made no call.",
        }), new CatchProps { Errors = [ApiKeyLockedError], ResultPath = "$.error" });
        start.AddCatch(runFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

        var finishDiscovery = Invoke("FinishDiscovery", functions.FinishDiscovery, retryMayHaveRun: true, resultPath: null);

        Map = new GradingMap(this, "GradeAgents", new DistributedMapProps
        {
            ItemReader = new S3JsonItemReader(new S3FileItemReaderProps
            {
                Bucket = storage.WorkBucket,
                Key = JsonPath.StringAt("$.itemsKey"),
            }),
            ItemBatcher = new ItemBatcher(new ItemBatcherProps
            {
                MaxItemsPerBatch = settings.AgentsPerBatch,
                MaxInputBytesPerBatch = MaxBatchBytes,
                // CDK passes BatchInput through as is: the ".$" suffixes must be written by hand.
                BatchInput = new Newtonsoft.Json.Linq.JObject
                {
                    ["runId.$"] = "$.runId",
                    ["rate.$"] = "$.rate",
                    ["inFlight.$"] = "$.inFlight",
                },
            }),
            // Few workers, several agents in flight each: FinishDiscovery sizes them from the rate and the latency.
            MaxConcurrencyPath = "$.workers",
            // 0 by default: a child fails only on a run-stopping error, and that must stop the Map at once.
            ToleratedFailurePercentage = settings.ToleratedFailurePercentage,
            ResultWriter = new ResultWriter(new ResultWriterProps { Bucket = storage.WorkBucket, Prefix = MapResultsPrefix }),
            MapExecutionType = StateMachineType.STANDARD,
            ResultPath = JsonPath.DISCARD,
        });
        Map.ItemProcessor(gradeBatch);

        // The Maps, FinishDiscovery and Aggregate are NOT caught: an execution that fails there stops AT that state, so a
        // redrive (after fixing the key, waiting out the quota, ...) resumes it — a Map Run re-runs only its unfinished
        // children, which go on from their saved progress — instead of re-entering a Fail state. The run-status rule marks
        // the run FAILED meanwhile, and reopens it on the redrive. StartRun stays caught: it cannot be resumed.
        var aggregate = Invoke("Aggregate", functions.Aggregate, retryMayHaveRun: true, resultPath: null);
        finishDiscovery.Next(Map).Next(aggregate).Next(new Succeed(this, "RunFinished"));
        var definition = start.Next(new Choice(this, "AnyMarkets?")
            .When(Condition.NumberGreaterThan("$.markets", 0), DiscoveryMap.Next(finishDiscovery))
            .Otherwise(finishDiscovery));

        // The role is ours, statement by statement (see GrantStateMachineAccess): CDK 2.160 would grant whole buckets
        // and put DescribeExecution/StopExecution on the state machine's ARN, where they do not apply. Handing CDK an
        // immutable view keeps it from adding anything.
        StateMachineRole = new Role(this, "GradeRunRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("states.amazonaws.com"),
            Description = "PropGrade grading workflow: invoke its functions, read the Map items, write Map results, log, trace.",
        });
        StateMachine = new StateMachine(this, "GradeRun", new StateMachineProps
        {
            StateMachineType = StateMachineType.STANDARD,
            DefinitionBody = DefinitionBody.FromChainable(definition),
            Role = StateMachineRole.WithoutPolicyUpdates(),
            TracingEnabled = true,
            Timeout = Duration.Seconds(settings.ExecutionTimeout.TotalSeconds),
            // ERROR: the Map's child executions have no logging configuration of their own — they log with the
            // parent's — so ERROR here is what keeps 40,000 children per million agents from logging every state.
            Logs = new LogOptions
            {
                Destination = new LogGroup(this, "GradeRunLogs", new LogGroupProps
                {
                    Retention = AppFunctions.LogRetention,
                    RemovalPolicy = RemovalPolicy.DESTROY,
                }),
                Level = LogLevel.ERROR,
                IncludeExecutionData = true,
            },
        });
        GrantStateMachineAccess(storage, functions);
        OperatorPolicy = CreateOperatorPolicy();

        // Launch: the runs API (and the schedule) write runs/{runId}/request.json; its object-created event starts
        // the execution. No AWSSDK.StepFunctions anywhere.
        LaunchRule = new Rule(this, "LaunchOnRequest", new RuleProps
        {
            Description = "Starts a grading run when runs/{runId}/request.json is written.",
            EventPattern = new EventPattern
            {
                Source = ["aws.s3"],
                DetailType = ["Object Created"],
                Detail = new Dictionary<string, object>
                {
                    ["bucket"] = new Dictionary<string, object> { ["name"] = new[] { storage.WorkBucket.BucketName } },
                    ["object"] = new Dictionary<string, object>
                    {
                        // EventBridge wildcard matching: only a run's request object, nothing else in the bucket.
                        ["key"] = new object[] { new Dictionary<string, object> { ["wildcard"] = RequestKeyPattern } },
                    },
                },
            },
        });
        LaunchRule.AddTarget(new SfnStateMachine(StateMachine, new SfnStateMachineProps
        {
            Input = RuleTargetInput.FromObject(new Dictionary<string, object>
            {
                ["requestKey"] = EventField.FromPath("$.detail.object.key"),
            }),
            DeadLetterQueue = operations.DeadLetters,
            RetryAttempts = Operations.TargetRetryAttempts,
            MaxEventAge = Operations.TargetMaxEventAge,
        }));

        // Quarterly: 06:00 UTC on the 1st of January, April, July and October; every field named.
        ScheduleRule = new Rule(this, "Quarterly", new RuleProps
        {
            Description = "Creates the quarterly grading run.",
            Schedule = Amazon.CDK.AWS.Events.Schedule.Cron(new CronOptions
            {
                Minute = "0",
                Hour = "6",
                Day = "1",
                Month = "1,4,7,10",
                Year = "*",
            }),
        });
        ScheduleRule.AddTarget(new LambdaFunction(functions.Schedule, new LambdaFunctionProps
        {
            DeadLetterQueue = operations.DeadLetters,
            RetryAttempts = Operations.TargetRetryAttempts,
            MaxEventAge = Operations.TargetMaxEventAge,
        }));

        // Every way an execution can end badly marks the run: FAILED runs through the workflow's Catch as well, but a
        // TIMED_OUT or ABORTED execution runs no state at all. Only the parent machine's events: the Map's children
        // report under a labelled state machine ARN (…:stateMachine:{name}/{mapRunLabel}), which this does not match.
        RunEndedRule = new Rule(this, "RunEnded", new RuleProps
        {
            Description = "Marks a grading run FAILED when its execution failed, timed out or was aborted.",
            EventPattern = new EventPattern
            {
                Source = ["aws.states"],
                DetailType = [ExecutionStatusChange],
                Detail = new Dictionary<string, object>
                {
                    ["status"] = EndedUnsuccessfully,
                    ["stateMachineArn"] = new[] { StateMachine.StateMachineArn },
                },
            },
        });
        RunEndedRule.AddTarget(new LambdaFunction(functions.ExecutionStatus, new LambdaFunctionProps
        {
            DeadLetterQueue = operations.DeadLetters,
            RetryAttempts = Operations.TargetRetryAttempts,
            MaxEventAge = Operations.TargetMaxEventAge,
        }));

        // A redriven execution reports RUNNING again with redriveCount >= 1: its run goes back to RUNNING (the lifecycle
        // reopens it and takes the API key's lock again; the workers' saved progress is where the redrive goes on).
        RunRedrivenRule = new Rule(this, "RunRedriven", new RuleProps
        {
            Description = "Reopens a grading run (FAILED -> RUNNING) when its execution is redriven.",
            EventPattern = new EventPattern
            {
                Source = ["aws.states"],
                DetailType = [ExecutionStatusChange],
                Detail = new Dictionary<string, object>
                {
                    ["status"] = new[] { "RUNNING" },
                    ["redriveCount"] = new object[] { new Dictionary<string, object> { ["numeric"] = new object[] { ">", 0 } } },
                    ["stateMachineArn"] = new[] { StateMachine.StateMachineArn },
                },
            },
        });
        RunRedrivenRule.AddTarget(new LambdaFunction(functions.ExecutionStatus, new LambdaFunctionProps
        {
            DeadLetterQueue = operations.DeadLetters,
            RetryAttempts = Operations.TargetRetryAttempts,
            MaxEventAge = Operations.TargetMaxEventAge,
        }));

        var period = new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" };
        FailedExecutionsAlarm = ExecutionAlarm("FailedExecutions", "A grading run failed.", StateMachine.MetricFailed(period), operations);
        TimedOutExecutionsAlarm = ExecutionAlarm(
            "TimedOutExecutions", "A grading run timed out (the timeout comes from largestRunAgents, callsPerAgent, requestsPerSecond, executionTimeoutSafetyFactor).", StateMachine.MetricTimedOut(period), operations);
        AbortedExecutionsAlarm = ExecutionAlarm("AbortedExecutions", "A grading run was stopped.", StateMachine.MetricAborted(period), operations);
    }

    public StateMachine StateMachine { get; }

    /// <summary>The agents Map (<c>GradeAgents</c>).</summary>
    public DistributedMap Map { get; }

    /// <summary>The discovery Map (<c>DiscoverMarkets</c>).</summary>
    public DistributedMap DiscoveryMap { get; }

    /// <summary>Reopens a run when its execution is redriven.</summary>
    public Rule RunRedrivenRule { get; }

    public Rule LaunchRule { get; }

    public Rule ScheduleRule { get; }

    public Rule RunEndedRule { get; }

    public Alarm FailedExecutionsAlarm { get; }

    public Alarm TimedOutExecutionsAlarm { get; }

    public Alarm AbortedExecutionsAlarm { get; }

    public Role StateMachineRole { get; }

    /// <summary>What an operator needs to watch, stop and redrive runs (attach it to their role or group).</summary>
    public ManagedPolicy OperatorPolicy { get; }

    /// <summary>The executions of the grading machine: <c>arn:…:execution:{name}:*</c>.</summary>
    public string ExecutionArns => StatesArn("execution", StateMachine.StateMachineName + ":*");

    /// <summary>The Map's child executions: <c>arn:…:execution:{name}/{mapRunLabel}:*</c>.</summary>
    public string ChildExecutionArns => StatesArn("execution", StateMachine.StateMachineName + "/*:*");

    /// <summary>The Map Runs: <c>arn:…:mapRun:{name}/{mapRunLabel}:*</c>.</summary>
    public string MapRunArns => StatesArn("mapRun", StateMachine.StateMachineName + "/*:*");

    private string StatesArn(string resource, string resourceName) => Stack.Of(this).FormatArn(new ArnComponents
    {
        Service = "states",
        Resource = resource,
        ResourceName = resourceName,
        ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
    });

    /// <summary>
    /// The state machine role. In its default policy (the machine depends on it): invoke exactly the seven task
    /// functions, read <c>runs/*/items.json</c> (ItemReader), write <c>map-results/</c> (ResultWriter), deliver logs
    /// and traces (CloudWatch Logs' vended-log delivery and X-Ray accept no narrower resource than <c>*</c>).
    /// In a separate policy, because it names the machine and the machine depends on its role: start the Map's
    /// children (StartExecution on the machine), describe and stop executions (on EXECUTION ARNs), and redrive the
    /// children of a Map Run when a failed run is redriven.
    /// </summary>
    private void GrantStateMachineAccess(Storage storage, AppFunctions functions)
    {
        IFunction[] invoked = [functions.StartRun, functions.DiscoverMarket, functions.FinishDiscovery, functions.GradeBatch, functions.RecordBatchFailure, functions.Aggregate, functions.RunFailed];
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lambda:InvokeFunction"],
            Resources = [.. invoked.Select(f => f.FunctionArn)],
        }));
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [DataAccess.GetObject],
            Resources = [storage.WorkBucket.ArnForObjects(KeyPatterns.Markets), storage.WorkBucket.ArnForObjects(KeyPatterns.Items)],
        }));
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [DataAccess.PutObject, DataAccess.GetObject, "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload"],
            Resources = [storage.WorkBucket.ArnForObjects(KeyPatterns.MapResults)],
        }));
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions =
            [
                "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
            ],
            Resources = ["*"],
        }));
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
            Resources = ["*"],
        }));

        ExecutionAccessPolicy = new Policy(this, "GradeRunExecutionAccess", new PolicyProps
        {
            Roles = [StateMachineRole],
            Statements =
            [
                new PolicyStatement(new PolicyStatementProps { Actions = ["states:StartExecution"], Resources = [StateMachine.StateMachineArn] }),
                new PolicyStatement(new PolicyStatementProps { Actions = ["states:DescribeExecution", "states:StopExecution"], Resources = [ExecutionArns] }),
                new PolicyStatement(new PolicyStatementProps { Actions = ["states:RedriveExecution"], Resources = [ChildExecutionArns] }),
            ],
        });
    }

    /// <summary>The separate policy of the state machine role that names the machine's executions.</summary>
    public Policy ExecutionAccessPolicy { get; private set; } = null!;

    private ManagedPolicy CreateOperatorPolicy() => new(this, "OperatorPolicy", new ManagedPolicyProps
    {
        Description = "PropGrade operators: watch grading executions and their Map Runs, stop a run, redrive a failed run.",
        Statements =
        [
            new PolicyStatement(new PolicyStatementProps { Actions = ["states:ListExecutions", "states:DescribeStateMachine"], Resources = [StateMachine.StateMachineArn] }),
            new PolicyStatement(new PolicyStatementProps
            {
                Actions = ["states:DescribeExecution", "states:GetExecutionHistory", "states:StopExecution", "states:RedriveExecution", "states:ListMapRuns"],
                Resources = [ExecutionArns],
            }),
            new PolicyStatement(new PolicyStatementProps { Actions = ["states:DescribeExecution", "states:GetExecutionHistory"], Resources = [ChildExecutionArns] }),
            new PolicyStatement(new PolicyStatementProps { Actions = ["states:DescribeMapRun"], Resources = [MapRunArns] }),
        ],
    });

    private Alarm ExecutionAlarm(string id, string description, IMetric metric, Operations operations)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmDescription = description,
            Metric = metric,
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(operations.AlarmAction);
        return alarm;
    }

    /// <summary>
    /// A Lambda task, its payload the state, its result at <paramref name="resultPath"/> (null: the result replaces the
    /// state). Retries: Lambda-service errors everywhere; errors after which the function may have run only where running
    /// twice is harmless (<paramref name="retryMayHaveRun"/>: no API call, no start).
    /// </summary>
    private LambdaInvoke Invoke(string id, IFunction fn, bool retryMayHaveRun, string? resultPath)
    {
        var task = new LambdaInvoke(this, id, new LambdaInvokeProps
        {
            LambdaFunction = fn,
            PayloadResponseOnly = true,
            ResultPath = resultPath,
            // The default service-exception retry has no jitter and includes Sandbox.Timedout; ours replaces it.
            RetryOnServiceExceptions = false,
        });
        task.AddRetry(new RetryProps
        {
            Errors = retryMayHaveRun ? [.. LambdaServiceErrors, .. MayHaveRunErrors] : LambdaServiceErrors,
            Interval = Duration.Seconds(2),
            BackoffRate = 2,
            MaxAttempts = 3,
            MaxDelay = Duration.Seconds(30),
            JitterStrategy = JitterType.FULL,
        });
        return task;
    }
}
