using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;

namespace PropGrade.Cdk;

/// <summary>
/// Least-privilege grants written out action by action: CDK's <c>GrantReadWrite</c>/<c>GrantPut</c> give whole buckets
/// and a dozen actions (<c>s3:DeleteObject*</c>, <c>s3:List*</c>, <c>dynamodb:Scan</c>, …) that no function calls.
/// </summary>
public static class DataAccess
{
    public const string GetObject = "s3:GetObject";
    public const string PutObject = "s3:PutObject";
    public const string ListBucket = "s3:ListBucket";

    /// <summary>Abandons a multipart upload that failed midway (PutObject covers its create, parts and completion).</summary>
    public const string AbortMultipartUpload = "s3:AbortMultipartUpload";

    public const string GetItem = "dynamodb:GetItem";
    public const string PutItem = "dynamodb:PutItem";
    public const string UpdateItem = "dynamodb:UpdateItem";
    public const string Query = "dynamodb:Query";

    /// <summary><paramref name="actions"/> on the objects of <paramref name="bucket"/> matching <paramref name="keyPatterns"/>.</summary>
    public static void Objects(IGrantable grantee, IBucket bucket, string[] actions, params string[] keyPatterns)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(keyPatterns);
        Add(grantee, new PolicyStatement(new PolicyStatementProps
        {
            Actions = actions,
            Resources = [.. keyPatterns.Select(bucket.ArnForObjects)],
        }));
    }

    /// <summary><c>s3:ListBucket</c> on <paramref name="bucket"/>, only for listings under <paramref name="prefixPatterns"/>.</summary>
    public static void List(IGrantable grantee, IBucket bucket, params string[] prefixPatterns)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        ArgumentNullException.ThrowIfNull(bucket);
        Add(grantee, new PolicyStatement(new PolicyStatementProps
        {
            Actions = [ListBucket],
            Resources = [bucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = prefixPatterns },
            },
        }));
    }

    /// <summary>
    /// <paramref name="actions"/> on the runs table; <c>dynamodb:Query</c> goes to its <paramref name="index"/> only
    /// (the one query there is: newest runs first).
    /// </summary>
    public static void Items(IGrantable grantee, ITable table, string index, params string[] actions)
    {
        ArgumentNullException.ThrowIfNull(grantee);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        var itemActions = actions.Where(a => a != Query).ToArray();
        if (itemActions.Length > 0)
        {
            Add(grantee, new PolicyStatement(new PolicyStatementProps { Actions = itemActions, Resources = [table.TableArn] }));
        }

        if (actions.Contains(Query))
        {
            Add(grantee, new PolicyStatement(new PolicyStatementProps { Actions = [Query], Resources = [table.TableArn + "/index/" + index] }));
        }
    }

    private static void Add(IGrantable grantee, PolicyStatement statement) =>
        _ = grantee.GrantPrincipal.AddToPrincipalPolicy(statement);
}
