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
/// The STANDARD state machine: Prepare (its Catch marks the run FAILED) → Distributed Map (S3 items, batches,
/// stage 1 → 2 → 3 per batch) → Aggregate, both left uncaught so that a failed run can be redriven; how runs start (the S3 <c>request.json</c> event and the
/// quarterly schedule); how a run whose execution failed, timed out or was aborted is still marked FAILED (the
/// run-ended rule); the alarms; and the state machine's own role, written out statement by statement.
/// </summary>
/// <remarks>
/// Retry ownership: the HTTP client (Polly) owns every HTTP retry inside a Lambda, and Core turns a page that still
/// fails into an incomplete agent, so nothing retryable about the API leaves a Lambda (<c>RateLimitedException</c>
/// included: it is a <c>TransientApiException</c>, caught in the stages and in discovery, so a Step Functions retry
/// on it could never fire and there is none). Step Functions retries a task only for Lambda-service failures, with a
/// few attempts, MaxDelay and FULL jitter. An invocation that may have run — <c>Sandbox.Timedout</c>, or
/// <c>Lambda.ClientExecutionTimeoutException</c> — is never retried on a task that calls the API (Prepare and the
/// stages): a repeat would repeat its calls; the Catch records it instead.
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

    /// <summary>The invocation may have run (in part): retried only on tasks that do not call the listing API.</summary>
    public static readonly string[] MayHaveRunErrors =
    [
        "Lambda.ClientExecutionTimeoutException",
        "Sandbox.Timedout",
    ];

    /// <summary>Run-level stops: retrying cannot help and no later batch can succeed (short exception type names).</summary>
    public static readonly string[] RunStoppingErrors = ["ApiAuthException", "QuotaExhaustedException", "EndpointMissingException"];

    public const string RunAlreadyStartedError = "RunAlreadyStartedException";

    /// <summary>The execution statuses that end a run without the workflow's own Catch necessarily running.</summary>
    public static readonly string[] EndedUnsuccessfully = ["FAILED", "TIMED_OUT", "ABORTED"];

    public const string ExecutionStatusChange = "Step Functions Execution Status Change";

    /// <summary>Where the Distributed Map's ResultWriter writes (work bucket).</summary>
    public const string MapResultsPrefix = "map-results";

    public Workflow(Construct scope, string id, PropGradeStackSettings settings, Storage storage, AppFunctions functions, Operations operations)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(operations);

        // --- one batch of agents (a Distributed Map child execution) ---
        var batchDone = new Succeed(this, "BatchDone");
        var runStopped = new Fail(this, "RunStopped", new FailProps
        {
            Comment = "The API key is refused or the quota is spent: fail this child so the Map run fails.",
        });
        var batchFailed = Invoke("RecordBatchFailure", functions.BatchFailed, callsApi: false);
        batchFailed.Next(batchDone);

        var profile = Stage("ProfileStage", functions.Profile, runStopped, batchFailed);
        var active = Stage("ActiveStage", functions.Active, runStopped, batchFailed);
        var sold = Stage("SoldStage", functions.Sold, runStopped, batchFailed);
        sold.Next(batchDone);
        active.Next(new Choice(this, "AfterActive")
            .When(Condition.StringEquals("$.next", "sold"), sold)
            .Otherwise(batchDone));
        var batch = profile.Next(new Choice(this, "AfterProfile")
            .When(Condition.StringEquals("$.next", "active"), active)
            .When(Condition.StringEquals("$.next", "sold"), sold)
            .Otherwise(batchDone));

        // --- the run ---
        var runFailed = Invoke("MarkRunFailed", functions.RunFailed, callsApi: false);
        runFailed.Next(new Fail(this, "RunFailed", new FailProps { Comment = "The run is marked FAILED in the runs table." }));

        var prepare = Invoke("Prepare", functions.Prepare, callsApi: true);
        prepare.AddCatch(new Succeed(this, "DuplicateStartIgnored", new SucceedProps
        {
            Comment = "The run was not QUEUED (a repeated launch event): nothing to do.",
        }), new CatchProps { Errors = [RunAlreadyStartedError], ResultPath = "$.error" });
        prepare.AddCatch(runFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

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
                // CDK passes BatchInput through as is: the ".$" suffix must be written by hand.
                BatchInput = new Newtonsoft.Json.Linq.JObject { ["runId.$"] = "$.runId" },
            }),
            MaxConcurrency = settings.MaxConcurrency,
            // 0 by default: a child fails only on a run-stopping error, and that must stop the Map at once.
            ToleratedFailurePercentage = settings.ToleratedFailurePercentage,
            ResultWriter = new ResultWriter(new ResultWriterProps { Bucket = storage.WorkBucket, Prefix = MapResultsPrefix }),
            MapExecutionType = StateMachineType.STANDARD,
            ResultPath = "$.mapResult",
        });
        Map.ItemProcessor(batch);

        // The Map and Aggregate are NOT caught: an execution that fails there stops AT that state, so a redrive
        // (after fixing the key, waiting out the quota, ...) resumes it — the Map Run re-runs only its unfinished
        // children, Aggregate re-runs alone — instead of re-entering a Fail state. The run-ended rule marks the run
        // FAILED meanwhile. Prepare stays caught: it cannot be resumed (the run is no longer QUEUED), only re-launched.
        var aggregate = Invoke("Aggregate", functions.Aggregate, callsApi: false);

        var definition = prepare.Next(Map).Next(aggregate).Next(new Succeed(this, "RunFinished"));

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

        var period = new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" };
        FailedExecutionsAlarm = ExecutionAlarm("FailedExecutions", "A grading run failed.", StateMachine.MetricFailed(period), operations);
        TimedOutExecutionsAlarm = ExecutionAlarm(
            "TimedOutExecutions", "A grading run timed out (the timeout comes from largestRunAgents, callsPerAgent, requestsPerSecond, executionTimeoutSafetyFactor).", StateMachine.MetricTimedOut(period), operations);
        AbortedExecutionsAlarm = ExecutionAlarm("AbortedExecutions", "A grading run was stopped.", StateMachine.MetricAborted(period), operations);
    }

    public StateMachine StateMachine { get; }

    public DistributedMap Map { get; }

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
        IFunction[] invoked = [functions.Prepare, functions.Profile, functions.Active, functions.Sold, functions.BatchFailed, functions.Aggregate, functions.RunFailed];
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["lambda:InvokeFunction"],
            Resources = [.. invoked.Select(f => f.FunctionArn)],
        }));
        StateMachineRole.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = [DataAccess.GetObject],
            Resources = [storage.WorkBucket.ArnForObjects(KeyPatterns.Items)],
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

    private LambdaInvoke Stage(string id, IFunction fn, Fail runStopped, IChainable batchFailed)
    {
        var task = Invoke(id, fn, callsApi: true);
        task.AddCatch(runStopped, new CatchProps { Errors = RunStoppingErrors, ResultPath = "$.error" });
        task.AddCatch(batchFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });
        return task;
    }

    /// <summary>
    /// A Lambda task. Retries: Lambda-service errors everywhere; errors after which the function may have run only on
    /// tasks that do not call the listing API (<paramref name="callsApi"/> false), where running twice repeats no call.
    /// </summary>
    private LambdaInvoke Invoke(string id, IFunction fn, bool callsApi)
    {
        var task = new LambdaInvoke(this, id, new LambdaInvokeProps
        {
            LambdaFunction = fn,
            PayloadResponseOnly = true,
            // The default service-exception retry has no jitter and includes Sandbox.Timedout; ours replaces it.
            RetryOnServiceExceptions = false,
        });
        task.AddRetry(new RetryProps
        {
            Errors = callsApi ? LambdaServiceErrors : [.. LambdaServiceErrors, .. MayHaveRunErrors],
            Interval = Duration.Seconds(2),
            BackoffRate = 2,
            MaxAttempts = 3,
            MaxDelay = Duration.Seconds(30),
            JitterStrategy = JitterType.FULL,
        });
        return task;
    }
}
