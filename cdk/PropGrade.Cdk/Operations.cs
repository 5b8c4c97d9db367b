using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// Where trouble goes: one SNS topic every alarm notifies (plus an e-mail subscription when <c>alarmEmail</c> is set),
/// and one encrypted dead-letter queue for every event that could not be delivered or handled (the launch, the
/// quarterly schedule, the run-ended rule, and the asynchronous invocations of their functions), with an alarm on it.
/// </summary>
public sealed class Operations : Construct
{
    /// <summary>How long an undeliverable event waits in the dead-letter queue (SQS' maximum).</summary>
    public static readonly Duration DeadLetterRetention = Duration.Days(14);

    /// <summary>EventBridge's retry policy on every rule target: attempts and the oldest event it still delivers.</summary>
    public const int TargetRetryAttempts = 10;

    public static readonly Duration TargetMaxEventAge = Duration.Hours(2);

    public Operations(Construct scope, string id, PropGradeStackSettings settings)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        AlarmTopic = new Topic(this, "Alarms", new TopicProps
        {
            DisplayName = "PropGrade alarms",
        });
        if (settings.AlarmEmail.Length > 0)
        {
            AlarmTopic.AddSubscription(new EmailSubscription(settings.AlarmEmail));
        }

        AlarmAction = new SnsAction(AlarmTopic);

        DeadLetters = new Queue(this, "DeadLetters", new QueueProps
        {
            // SQS-managed keys: EventBridge and Lambda can write to them (the AWS-managed KMS key for SQS they cannot).
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = DeadLetterRetention,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        DeadLettersAlarm = new Alarm(this, "DeadLettersWaiting", new AlarmProps
        {
            AlarmDescription = "An event could not start, schedule or close a grading run: see the PropGrade dead-letter queue.",
            Metric = DeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }),
            Threshold = 1,
            EvaluationPeriods = 1,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        DeadLettersAlarm.AddAlarmAction(AlarmAction);
    }

    public Topic AlarmTopic { get; }

    public IAlarmAction AlarmAction { get; }

    public Queue DeadLetters { get; }

    public Alarm DeadLettersAlarm { get; }
}
