using Amazon.CDK;
using Amazon.CDK.AWS.Logs;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The whole PropGrade deployment: operations (alarm topic, dead letters), storage, functions, the grading workflow,
/// the runs API and the page, and the audit catalog over the raw bucket.
/// </summary>
public sealed class PropGradeStack : Stack
{
    /// <summary>CDK's fixed id of the singleton Lambda behind S3 bucket notifications (EventBridge on the work bucket).</summary>
    public const string BucketNotificationsHandlerId = "BucketNotificationsHandler050a0587b7544547bf325f094a3db834";

    public PropGradeStack(Construct scope, string id, PropGradeStackSettings settings, IStackProps? props = null)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Operations = new Operations(this, "Operations", settings);
        Storage = new Storage(this, "Storage", settings);
        Functions = new AppFunctions(this, "Functions", settings, Storage, Operations);
        Workflow = new Workflow(this, "Workflow", settings, Storage, Functions, Operations);
        WebAndApi = new WebAndApi(this, "WebAndApi", settings, Storage, Functions);
        AuditCatalog = new AuditCatalog(this, "Audit", Storage);
        RetainBucketNotificationsHandlerLogs();

        _ = new CfnOutput(this, "ApiKeySecretArn", new CfnOutputProps
        {
            Value = Functions.ApiKeySecret.SecretArn,
            Description = "Put the listing API key here (aws secretsmanager put-secret-value).",
        });
        _ = new CfnOutput(this, "StateMachineArn", new CfnOutputProps { Value = Workflow.StateMachine.StateMachineArn });
        _ = new CfnOutput(this, "AlarmTopicArn", new CfnOutputProps
        {
            Value = Operations.AlarmTopic.TopicArn,
            Description = "Failed, timed-out and aborted runs and dead letters notify this topic (subscribe to it).",
        });
        _ = new CfnOutput(this, "DeadLetterQueueUrl", new CfnOutputProps { Value = Operations.DeadLetters.QueueUrl });
        _ = new CfnOutput(this, "OperatorPolicyArn", new CfnOutputProps
        {
            Value = Workflow.OperatorPolicy.ManagedPolicyArn,
            Description = "Attach to whoever watches, stops and redrives runs.",
        });
        _ = new CfnOutput(this, "AuditWorkGroup", new CfnOutputProps
        {
            Value = AuditCatalog.DatabaseName,
            Description = "Athena workgroup and Glue database of the audit trail (table raw_exchanges).",
        });
    }

    public Operations Operations { get; }

    public Storage Storage { get; }

    public AppFunctions Functions { get; }

    public Workflow Workflow { get; }

    public WebAndApi WebAndApi { get; }

    public AuditCatalog AuditCatalog { get; }

    /// <summary>
    /// CDK's bucket-notifications Lambda has no log-group setting: give it its <c>/aws/lambda/{name}</c> group with
    /// retention, created before the notification resource runs it (else Lambda creates one that never expires).
    /// </summary>
    private void RetainBucketNotificationsHandlerLogs()
    {
        var handler = Node.TryFindChild(BucketNotificationsHandlerId)?.Node.TryFindChild("Resource") as CfnResource
            ?? throw new InvalidOperationException("CDK's bucket notifications handler was not found: its log group would have no retention.");
        var logs = new LogGroup(this, "BucketNotificationsHandlerLogs", new LogGroupProps
        {
            LogGroupName = "/aws/lambda/" + handler.Ref,
            Retention = AppFunctions.LogRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var notifications = Storage.WorkBucket.Node.TryFindChild("Notifications")?.Node.TryFindChild("Resource")
            ?? throw new InvalidOperationException("The work bucket's notification resource was not found.");
        notifications.Node.AddDependency(logs);
    }
}
