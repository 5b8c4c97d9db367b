using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PropGrade.Aws.Serialization;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Runs;

/// <summary>
/// The runs table in DynamoDB: one item per run keyed by <c>runId</c>. Creation is a conditional put (a run id
/// cannot be created twice), counters are atomic <c>ADD</c>s, status moves are conditional updates (a run cannot
/// start twice). <c>GET /runs</c> reads the <c>byCreatedAt</c> index (constant <c>listKey</c>, newest first).
/// No transactions (dynalite has none, and none are needed).
/// </summary>
public sealed class DynamoRunStore(IAmazonDynamoDB dynamo, string tableName) : IRunStore
{
    public const string ListIndex = "byCreatedAt";
    private const string ListKeyValue = "RUN";

    private static readonly (string Attribute, Func<RunCounters, long> Read)[] CounterAttributes =
    [
        ("agentsDiscovered", c => c.AgentsDiscovered),
        ("agentsProfiled", c => c.AgentsProfiled),
        ("agentsDone", c => c.AgentsDone),
        ("agentsIncomplete", c => c.AgentsIncomplete),
        ("agentsSkipped", c => c.AgentsSkipped),
        ("apiCalls", c => c.ApiCalls),
        ("throttled", c => c.Throttled),
        ("retries", c => c.Retries),
    ];

    private readonly IAmazonDynamoDB dynamo = dynamo ?? throw new ArgumentNullException(nameof(dynamo));

    public async Task CreateAsync(RunRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var item = new Dictionary<string, AttributeValue>
        {
            ["runId"] = S(record.RunId),
            ["listKey"] = S(ListKeyValue),
            ["status"] = S(StatusText(record.Status)),
            ["trigger"] = S(record.Trigger.ToString().ToLowerInvariant()),
            ["createdAt"] = S(Time(record.CreatedAt)),
            ["request"] = S(JsonSerializer.Serialize(record.Request, AwsJsonContext.Default.RunRequest)),
            ["tierCounts"] = S(JsonSerializer.Serialize(record.TierCounts, AwsJsonContext.Default.IReadOnlyDictionaryStringInt32)),
            ["exports"] = S(JsonSerializer.Serialize(record.Exports, AwsJsonContext.Default.IReadOnlyListString)),
        };
        foreach (var (attribute, read) in CounterAttributes)
        {
            item[attribute] = N(read(record.Counters));
        }

        if (record.StartedAt is { } started)
        {
            item["startedAt"] = S(Time(started));
        }

        if (record.FinishedAt is { } finished)
        {
            item["finishedAt"] = S(Time(finished));
        }

        if (record.Error is { } error)
        {
            item["error"] = S(error);
        }

        if (record.ApiToday is { } apiToday)
        {
            item["apiToday"] = S(apiToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (record.RegradeOf is { } regradeOf)
        {
            item["regradeOf"] = S(regradeOf);
        }

        if (record.ListingApiRevision is { } revision)
        {
            item["listingApiRevision"] = N(revision);
        }

        if (record.Markets is { } markets)
        {
            item["markets"] = S(JsonSerializer.Serialize(markets, AwsJsonContext.Default.IReadOnlyListMarketReport));
        }

        if (record.Warnings is { } warnings)
        {
            item["warnings"] = S(JsonSerializer.Serialize(warnings, AwsJsonContext.Default.IReadOnlyListRunWarning));
        }

        if (record.Comparison is { } comparison)
        {
            item["comparison"] = S(JsonSerializer.Serialize(comparison, AwsJsonContext.Default.RunComparison));
        }

        if (record.Source is { } source)
        {
            // A map, readable in the console: baseUrl, host, provider (never the key).
            item["source"] = new AttributeValue
            {
                M = new Dictionary<string, AttributeValue> { ["baseUrl"] = S(source.BaseUrl), ["host"] = S(source.Host), ["provider"] = S(source.Provider) },
            };
        }

        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(runId)",
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new RunAlreadyExistsException(record.RunId);
        }
    }

    public async Task<RunRecord?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? ToRecord(item) : null;
    }

    public async Task<IReadOnlyList<RunRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var runs = new List<RunRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = tableName,
                IndexName = ListIndex,
                KeyConditionExpression = "listKey = :k",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":k"] = S(ListKeyValue) },
                ScanIndexForward = false,
                Limit = limit - runs.Count,
                ExclusiveStartKey = start,
            }, cancellationToken);
            runs.AddRange((page.Items ?? []).Select(ToRecord));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null && runs.Count < limit);

        return runs;
    }

    public async Task<bool> TryStartAsync(string runId, IReadOnlyCollection<RunStatus> from, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return false;
        }

        var values = new Dictionary<string, AttributeValue>
        {
            [":running"] = S(StatusText(RunStatus.Running)),
            [":startedAt"] = S(Time(startedAt)),
        };
        var allowed = from.Distinct().Select((status, i) =>
        {
            values[$":from{i}"] = S(StatusText(status));
            return $":from{i}";
        }).ToList();
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(runId),
                UpdateExpression = "SET #status = :running, startedAt = :startedAt REMOVE finishedAt, #error",
                ConditionExpression = $"attribute_exists(runId) AND #status IN ({string.Join(", ", allowed)})",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#error"] = "error" },
                ExpressionAttributeValues = values,
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>Records the listing API's "today" the run grades against (Prepare sets it once, before the fan-out).</summary>
    public async Task SetApiTodayAsync(string runId, DateOnly apiToday, CancellationToken cancellationToken)
    {
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            UpdateExpression = "SET apiToday = :d",
            ConditionExpression = "attribute_exists(runId)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":d"] = S(apiToday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) },
        }, cancellationToken);
    }

    public async Task AddCountersAsync(string runId, RunCounters delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delta);
        var values = new Dictionary<string, AttributeValue>();
        var adds = new List<string>();
        foreach (var (attribute, read) in CounterAttributes)
        {
            var value = read(delta);
            if (value != 0)
            {
                adds.Add($"{attribute} :{attribute}");
                values[":" + attribute] = N(value);
            }
        }

        if (adds.Count == 0)
        {
            return;
        }

        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            UpdateExpression = "ADD " + string.Join(", ", adds),
            ConditionExpression = "attribute_exists(runId)",
            ExpressionAttributeValues = values,
        }, cancellationToken);
    }

    public async Task RecordMarketsAsync(string runId, IReadOnlyList<MarketReport> markets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            UpdateExpression = "SET markets = :m",
            ConditionExpression = "attribute_exists(runId)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":m"] = S(JsonSerializer.Serialize(markets, AwsJsonContext.Default.IReadOnlyListMarketReport)) },
        }, cancellationToken);
    }

    public async Task FinishAsync(string runId, RunOutcome outcome, CancellationToken cancellationToken)
    {
        await dynamo.UpdateItemAsync(FinishRequest(runId, outcome, []), cancellationToken);
    }

    public async Task<bool> TryFinishAsync(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return false;
        }

        try
        {
            await dynamo.UpdateItemAsync(FinishRequest(runId, outcome, from), cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<int> RecordFailureStreakAsync(string runId, BreakerStreak streak, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streak);
        var response = await dynamo.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            // After a success the streak restarts at the worker's trailing failures; otherwise it grows by them.
            UpdateExpression = streak.AfterSuccess ? "SET " + BreakerAttribute + " = :n" : "ADD " + BreakerAttribute + " :n",
            ConditionExpression = "attribute_exists(runId)",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":n"] = N(streak.Failures) },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken);
        return response.Attributes is { } attributes && attributes.TryGetValue(BreakerAttribute, out var value) && value.N is { } n
            ? int.Parse(n, CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>The run item's attribute holding the breaker's streak (consecutive agents failing on the API, run-wide).</summary>
    internal const string BreakerAttribute = "consecutiveFailures";

    private UpdateItemRequest FinishRequest(string runId, RunOutcome outcome, IReadOnlyCollection<RunStatus> from)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var values = new Dictionary<string, AttributeValue>
        {
            [":status"] = S(StatusText(outcome.Status)),
            [":finishedAt"] = S(Time(outcome.FinishedAt)),
            [":tierCounts"] = S(JsonSerializer.Serialize(outcome.TierCounts, AwsJsonContext.Default.IReadOnlyDictionaryStringInt32)),
            [":exports"] = S(JsonSerializer.Serialize(outcome.Exports, AwsJsonContext.Default.IReadOnlyListString)),
        };
        var set = "SET #status = :status, finishedAt = :finishedAt, tierCounts = :tierCounts, exports = :exports";
        if (outcome.Warnings is { } warnings)
        {
            values[":warnings"] = S(JsonSerializer.Serialize(warnings, AwsJsonContext.Default.IReadOnlyListRunWarning));
            set += ", warnings = :warnings";
        }

        if (outcome.Comparison is { } comparison)
        {
            values[":comparison"] = S(JsonSerializer.Serialize(comparison, AwsJsonContext.Default.RunComparison));
            set += ", comparison = :comparison";
        }

        var remove = string.Empty;
        if (outcome.Error is { } error)
        {
            values[":error"] = S(error);
            set += ", #error = :error";
        }
        else
        {
            remove = " REMOVE #error";
        }

        var condition = "attribute_exists(runId)";
        if (from.Count > 0)
        {
            var allowed = from.Distinct().Select((status, i) =>
            {
                values[$":from{i}"] = S(StatusText(status));
                return $":from{i}";
            }).ToList();
            condition += $" AND #status IN ({string.Join(", ", allowed)})";
        }

        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(runId),
            UpdateExpression = set + remove,
            ConditionExpression = condition,
            ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = "status", ["#error"] = "error" },
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>Creates the table as the CDK stack does (for dynalite in tests and the offline harness).</summary>
    public static async Task CreateTableAsync(IAmazonDynamoDB dynamo, string tableName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("runId", ScalarAttributeType.S),
                new AttributeDefinition("listKey", ScalarAttributeType.S),
                new AttributeDefinition("createdAt", ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement("runId", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ListIndex,
                    KeySchema = [new KeySchemaElement("listKey", KeyType.HASH), new KeySchemaElement("createdAt", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        }, cancellationToken);

        // Even with --createTableMs 0, dynalite flips the table to ACTIVE asynchronously: wait for it.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var table = await dynamo.DescribeTableAsync(tableName, cancellationToken);
            if (table.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(25, cancellationToken);
        }

        throw new TimeoutException($"Table {tableName} did not become ACTIVE.");
    }

    internal static string StatusText(RunStatus status) => status.ToString().ToUpperInvariant();

    private static RunRecord ToRecord(Dictionary<string, AttributeValue> item)
    {
        long Counter(string name) => item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;
        string? Text(string name) => item.TryGetValue(name, out var v) ? v.S : null;
        DateTimeOffset? At(string name) => Text(name) is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

        return new RunRecord(
            RunId: Text("runId")!,
            Status: Enum.Parse<RunStatus>(Text("status")!, ignoreCase: true),
            Request: JsonSerializer.Deserialize(Text("request")!, AwsJsonContext.Default.RunRequest)!,
            Trigger: Enum.Parse<RunTrigger>(Text("trigger")!, ignoreCase: true),
            CreatedAt: At("createdAt")!.Value,
            StartedAt: At("startedAt"),
            FinishedAt: At("finishedAt"),
            Counters: new RunCounters(
                (int)Counter("agentsDiscovered"),
                (int)Counter("agentsProfiled"),
                (int)Counter("agentsDone"),
                (int)Counter("agentsIncomplete"),
                (int)Counter("agentsSkipped"),
                Counter("apiCalls"),
                Counter("throttled"),
                Counter("retries")),
            TierCounts: Text("tierCounts") is { } tiers
                ? JsonSerializer.Deserialize(tiers, AwsJsonContext.Default.IReadOnlyDictionaryStringInt32)!
                : new Dictionary<string, int>(),
            Error: Text("error"),
            Exports: Text("exports") is { } exports
                ? JsonSerializer.Deserialize(exports, AwsJsonContext.Default.IReadOnlyListString)!
                : [],
            ApiToday: Text("apiToday") is { } day ? DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
            RegradeOf: Text("regradeOf"),
            ListingApiRevision: item.TryGetValue("listingApiRevision", out var revision) && revision.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null,
            Markets: Text("markets") is { } markets ? JsonSerializer.Deserialize(markets, AwsJsonContext.Default.IReadOnlyListMarketReport) : null,
            Warnings: Text("warnings") is { } warnings ? JsonSerializer.Deserialize(warnings, AwsJsonContext.Default.IReadOnlyListRunWarning) : null,
            Comparison: Text("comparison") is { } comparison ? JsonSerializer.Deserialize(comparison, AwsJsonContext.Default.RunComparison) : null,
            Source: item.TryGetValue("source", out var source) && source.M is { Count: > 0 } m
                && m.TryGetValue("baseUrl", out var b) && m.TryGetValue("host", out var h) && m.TryGetValue("provider", out var p)
                ? new RunSource(b.S, h.S, p.S)
                : null);
    }

    private static Dictionary<string, AttributeValue> Key(string runId) => new() { ["runId"] = S(runId) };

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    // Sortable, fixed-width UTC timestamps: the index sorts them as strings.
    private static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
