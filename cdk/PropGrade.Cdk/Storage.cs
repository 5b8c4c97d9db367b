using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.S3;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The data plane: raw responses (audit, lifecycle to cheaper tiers), the run workspace (requests, Map items,
/// batch results; its object-created events launch runs), exports, the config page, and the runs table.
/// Every bucket blocks public access, is encrypted and refuses plain HTTP.
/// </summary>
public sealed class Storage : Construct
{
    public const string RunsListIndex = "byCreatedAt";

    public Storage(Construct scope, string id, PropGradeStackSettings settings)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RawBucket = SecureBucket("Raw", new LifecycleRule
        {
            Id = "raw-tiering",
            Enabled = true,
            Transitions =
            [
                new Transition { StorageClass = StorageClass.INFREQUENT_ACCESS, TransitionAfter = Duration.Days(30) },
                new Transition { StorageClass = StorageClass.GLACIER_INSTANT_RETRIEVAL, TransitionAfter = Duration.Days(90) },
            ],
            Expiration = Duration.Days(settings.RawRetentionDays),
            AbortIncompleteMultipartUploadAfter = Duration.Days(1),
        });
        WorkBucket = SecureBucket("Work", new LifecycleRule
        {
            Id = "work-expiry",
            Enabled = true,
            Expiration = Duration.Days(400),
            AbortIncompleteMultipartUploadAfter = Duration.Days(1),
        }, eventBridge: true);
        ExportsBucket = SecureBucket("Exports", new LifecycleRule
        {
            Id = "exports-abort-uploads",
            Enabled = true,
            AbortIncompleteMultipartUploadAfter = Duration.Days(1),
        });
        WebBucket = SecureBucket("Web", lifecycle: null);

        RunsTable = new Table(this, "Runs", new TableProps
        {
            PartitionKey = new Attribute { Name = "runId", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            Encryption = TableEncryption.AWS_MANAGED,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        RunsTable.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
        {
            IndexName = RunsListIndex,
            PartitionKey = new Attribute { Name = "listKey", Type = AttributeType.STRING },
            SortKey = new Attribute { Name = "createdAt", Type = AttributeType.STRING },
            ProjectionType = ProjectionType.ALL,
        });
    }

    public Bucket RawBucket { get; }

    public Bucket WorkBucket { get; }

    public Bucket ExportsBucket { get; }

    public Bucket WebBucket { get; }

    public Table RunsTable { get; }

    private Bucket SecureBucket(string id, LifecycleRule? lifecycle, bool eventBridge = false) =>
        new(this, id, new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            Versioned = false,
            EventBridgeEnabled = eventBridge,
            LifecycleRules = lifecycle is null ? null : [lifecycle],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
}
