using Amazon.CDK;
using Amazon.CDK.AWS.Athena;
using Amazon.CDK.AWS.Glue;
using Constructs;

namespace PropGrade.Cdk;

/// <summary>
/// The audit trail as a table: a Glue database and table over the raw bucket, so every HTTP exchange of every run can
/// be queried with Athena (as the seed's team queried BigQuery), plus an Athena workgroup whose results go to the work
/// bucket. The objects are <c>Core.Audit.RawExchangeSerializer</c>'s format: gzip JSON Lines, one exchange per line
/// (camelCase, body base64), each committed group closed by a marker line <c>{"$commit":…,"count":N}</c> (a row whose
/// exchange columns are all null: filter with <c>stage IS NOT NULL</c>). Partition projection (type injected) on
/// <c>run_id</c> maps a run to <c>s3://{raw}/runs/{run_id}/raw/</c> with no partition to load; every query names its
/// run(s): <c>WHERE run_id = '…'</c>.
/// </summary>
public sealed class AuditCatalog : Construct
{
    public const string TableName = "raw_exchanges";
    public const string PartitionColumn = "run_id";

    /// <summary>The table's columns: <c>RawExchange</c>'s JSON properties (the SerDe matches them case-insensitively).</summary>
    public static readonly IReadOnlyList<(string Name, string Type, string Comment)> Columns =
    [
        ("runid", "string", "the run (also the partition)"),
        ("stage", "string", "discover, profile, active or sold"),
        ("agentid", "string", "advertiser id, when the call is about one agent (a string; records before listing-API revision 2 hold a number)"),
        ("page", "int", "page (listings) or offset (discovery)"),
        ("attempt", "int", "1 for the first try, 2 for the first retry, ..."),
        ("method", "string", "HTTP method"),
        ("url", "string", "path and query relative to the API base (no key)"),
        ("status", "int", "HTTP status; null when no response arrived"),
        ("responseheaders", "map<string,string>", "response headers, secrets removed"),
        ("body", "string", "the body bytes exactly as received, base64"),
        ("startedat", "string", "ISO 8601 with offset: from_iso8601_timestamp(startedat)"),
        ("durationms", "double", "duration in milliseconds"),
        ("classification", "string", "ok, retry:http_503, fail:http_404, ..."),
        ("error", "string", "exception message when no usable response arrived"),
    ];

    public AuditCatalog(Construct scope, string id, Storage storage)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var stack = Stack.Of(this);
        var account = stack.Account;
        DatabaseName = new string([.. stack.StackName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]) + "_audit";
        var runs = "s3://" + storage.RawBucket.BucketName + "/runs/";

        Database = new CfnDatabase(this, "Database", new CfnDatabaseProps
        {
            CatalogId = account,
            DatabaseInput = new CfnDatabase.DatabaseInputProperty
            {
                Name = DatabaseName,
                Description = "PropGrade audit trail: every listing-API exchange of every run (raw bucket).",
            },
        });

        Table = new CfnTable(this, "RawExchanges", new CfnTableProps
        {
            CatalogId = account,
            DatabaseName = DatabaseName,
            TableInput = new CfnTable.TableInputProperty
            {
                Name = TableName,
                Description = "One row per HTTP attempt (RawExchange), plus one all-null row per committed group marker.",
                TableType = "EXTERNAL_TABLE",
                Parameters = new Dictionary<string, object>
                {
                    ["classification"] = "json",
                    ["compressionType"] = "gzip",
                    ["projection.enabled"] = "true",
                    ["projection." + PartitionColumn + ".type"] = "injected",
                    ["storage.location.template"] = runs + "${" + PartitionColumn + "}/raw/",
                },
                PartitionKeys = new object[]
                {
                    new CfnTable.ColumnProperty { Name = PartitionColumn, Type = "string", Comment = "the run id (runs/{run_id}/raw/)" },
                },
                StorageDescriptor = new CfnTable.StorageDescriptorProperty
                {
                    Location = runs,
                    Compressed = true,
                    InputFormat = "org.apache.hadoop.mapred.TextInputFormat",
                    OutputFormat = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
                    SerdeInfo = new CfnTable.SerdeInfoProperty
                    {
                        SerializationLibrary = "org.openx.data.jsonserde.JsonSerDe",
                        Parameters = new Dictionary<string, object>
                        {
                            ["case.insensitive"] = "TRUE",
                            ["ignore.malformed.json"] = "TRUE",
                        },
                    },
                    Columns = Columns.Select(c => (object)new CfnTable.ColumnProperty { Name = c.Name, Type = c.Type, Comment = c.Comment }).ToArray(),
                },
            },
        });
        Table.AddDependency(Database);

        WorkGroup = new CfnWorkGroup(this, "WorkGroup", new CfnWorkGroupProps
        {
            Name = DatabaseName,
            Description = "PropGrade audit queries (results in the work bucket, athena-results/).",
            State = "ENABLED",
            RecursiveDeleteOption = true,
            WorkGroupConfiguration = new CfnWorkGroup.WorkGroupConfigurationProperty
            {
                EnforceWorkGroupConfiguration = true,
                PublishCloudWatchMetricsEnabled = true,
                ResultConfiguration = new CfnWorkGroup.ResultConfigurationProperty
                {
                    OutputLocation = "s3://" + storage.WorkBucket.BucketName + "/" + KeyPatterns.AthenaResults.TrimEnd('*'),
                    EncryptionConfiguration = new CfnWorkGroup.EncryptionConfigurationProperty { EncryptionOption = "SSE_S3" },
                },
            },
        });
    }

    public string DatabaseName { get; }

    public CfnDatabase Database { get; }

    public CfnTable Table { get; }

    public CfnWorkGroup WorkGroup { get; }
}
