using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The STANDARD state machine: Prepare → Distributed Map (S3 items, batches, stage 1 → 2 → 3 per batch) →
/// Aggregate, with a Catch that marks the run FAILED; how runs start (the S3 <c>request.json</c> event and the
/// quarterly schedule); and the alarm on failed executions.
/// </summary>
/// <remarks>
/// Retry ownership: the HTTP client (Polly) owns every HTTP retry inside a Lambda. Step Functions retries a task
/// only for Lambda-service failures (throttling, service errors, sandbox timeouts) and for
/// <c>RateLimitedException</c> (the plan is still throttling after the client's own backoff), each with a few
/// attempts, MaxDelay and FULL jitter, so attempts never multiply unboundedly.
/// </remarks>
public sealed class Workflow : Construct
{
    public const string RequestKeyPattern = "runs/*/request.json";

    /// <summary>Errors the Lambda service raises for an invocation that never ran or was cut off.</summary>
    public static readonly string[] LambdaServiceErrors =
    [
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
        "Lambda.ClientExecutionTimeoutException",
        "Sandbox.Timedout",
    ];

    /// <summary>Run-level stops: retrying cannot help and no later batch can succeed.</summary>
    public static readonly string[] RunStoppingErrors = ["ApiAuthException", "QuotaExhaustedException"];

    public const string RateLimitedError = "RateLimitedException";
    public const string RunAlreadyStartedError = "RunAlreadyStartedException";

    public Workflow(Construct scope, string id, PropGradeStackSettings settings, Storage storage, AppFunctions functions)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(functions);

        // --- one batch of agents (a Distributed Map child execution) ---
        var batchDone = new Succeed(this, "BatchDone");
        var runStopped = new Fail(this, "RunStopped", new FailProps
        {
            Comment = "The API key is refused or the quota is spent: fail this child so the Map run fails.",
        });
        var batchFailed = Invoke("RecordBatchFailure", functions.BatchFailed, rateLimited: false);
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
        var runFailed = Invoke("MarkRunFailed", functions.RunFailed, rateLimited: false);
        runFailed.Next(new Fail(this, "RunFailed", new FailProps { Comment = "The run is marked FAILED in the runs table." }));

        var prepare = Invoke("Prepare", functions.Prepare, rateLimited: true);
        prepare.AddCatch(new Succeed(this, "DuplicateStartIgnored", new SucceedProps
        {
            Comment = "The run was not QUEUED (a repeated launch event): nothing to do.",
        }), new CatchProps { Errors = [RunAlreadyStartedError], ResultPath = "$.error" });
        prepare.AddCatch(runFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

        Map = new DistributedMap(this, "GradeAgents", new DistributedMapProps
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
            ToleratedFailurePercentage = settings.ToleratedFailurePercentage,
            ResultWriter = new ResultWriter(new ResultWriterProps { Bucket = storage.WorkBucket, Prefix = "map-results" }),
            MapExecutionType = StateMachineType.STANDARD,
            ResultPath = "$.mapResult",
        });
        Map.ItemProcessor(batch);
        Map.AddCatch(runFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

        var aggregate = Invoke("Aggregate", functions.Aggregate, rateLimited: false);
        aggregate.AddCatch(runFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });

        var definition = prepare.Next(Map).Next(aggregate).Next(new Succeed(this, "RunFinished"));

        StateMachine = new StateMachine(this, "GradeRun", new StateMachineProps
        {
            StateMachineType = StateMachineType.STANDARD,
            DefinitionBody = DefinitionBody.FromChainable(definition),
            TracingEnabled = true,
            Timeout = Duration.Hours(24),
            Logs = new LogOptions
            {
                Destination = new LogGroup(this, "GradeRunLogs", new LogGroupProps
                {
                    Retention = RetentionDays.THREE_MONTHS,
                    RemovalPolicy = RemovalPolicy.DESTROY,
                }),
                Level = LogLevel.ALL,
                IncludeExecutionData = true,
            },
        });

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
        ScheduleRule.AddTarget(new LambdaFunction(functions.Schedule));

        FailedExecutionsAlarm = new Alarm(this, "FailedExecutions", new AlarmProps
        {
            AlarmDescription = "A grading run failed.",
            Metric = StateMachine.MetricFailed(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Sum" }),
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
    }

    public StateMachine StateMachine { get; }

    public DistributedMap Map { get; }

    public Rule LaunchRule { get; }

    public Rule ScheduleRule { get; }

    public Alarm FailedExecutionsAlarm { get; }

    private LambdaInvoke Stage(string id, IFunction fn, Fail runStopped, IChainable batchFailed)
    {
        var task = Invoke(id, fn, rateLimited: true);
        task.AddCatch(runStopped, new CatchProps { Errors = RunStoppingErrors, ResultPath = "$.error" });
        task.AddCatch(batchFailed, new CatchProps { Errors = ["States.ALL"], ResultPath = "$.error" });
        return task;
    }

    private LambdaInvoke Invoke(string id, IFunction fn, bool rateLimited)
    {
        var task = new LambdaInvoke(this, id, new LambdaInvokeProps
        {
            LambdaFunction = fn,
            PayloadResponseOnly = true,
            // The default service-exception retry has no jitter; ours below replaces it.
            RetryOnServiceExceptions = false,
        });
        task.AddRetry(new RetryProps
        {
            Errors = LambdaServiceErrors,
            Interval = Duration.Seconds(2),
            BackoffRate = 2,
            MaxAttempts = 3,
            MaxDelay = Duration.Seconds(30),
            JitterStrategy = JitterType.FULL,
        });
        if (rateLimited)
        {
            task.AddRetry(new RetryProps
            {
                Errors = [RateLimitedError],
                Interval = Duration.Seconds(10),
                BackoffRate = 2,
                MaxAttempts = 2,
                MaxDelay = Duration.Seconds(60),
                JitterStrategy = JitterType.FULL,
            });
        }

        return task;
    }
}
