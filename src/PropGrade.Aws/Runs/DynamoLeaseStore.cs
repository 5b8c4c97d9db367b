using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using PropGrade.Core.Runs;

namespace PropGrade.Aws.Runs;

/// <summary>
/// <see cref="ILeaseStore"/> as items of the runs table: key <c>runId = "lease#{name}"</c> (never a run id: those have no
/// '#'), no <c>listKey</c> (so never in the runs list). Taking a lease is a conditional update — first as a renewal
/// (<c>leaseOwner = me</c>), then as a takeover (<c>no owner, or expired</c>) — and releasing removes the owner under the
/// condition that it is ours: two contenders never both hold it, with UpdateItem and GetItem only.
/// </summary>
public sealed class DynamoLeaseStore(IAmazonDynamoDB dynamo, string tableName) : ILeaseStore
{
    /// <summary>The key prefix of lease items.</summary>
    public const string KeyPrefix = "lease#";

    private readonly IAmazonDynamoDB dynamo = dynamo ?? throw new ArgumentNullException(nameof(dynamo));

    public async Task<LeaseGrant> TryAcquireAsync(string name, LeaseHolder holder, TimeSpan ttl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(holder);
        var values = new Dictionary<string, AttributeValue>
        {
            [":owner"] = S(holder.OwnerId),
            [":description"] = S(holder.Description),
            [":run"] = S(holder.RunId ?? ""),
            [":now"] = S(Time(now)),
            [":expires"] = S(Time(now + ttl)),
        };
        // Ours already: renew (the acquisition time stays). Otherwise, free (never taken, released) or expired: take it over.
        var acquired =
            await ConditionalUpdateAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(name),
                UpdateExpression = "SET leaseDescription = :description, leaseRunId = :run, heartbeatAt = :now, expiresAt = :expires",
                ConditionExpression = "leaseOwner = :owner",
                ExpressionAttributeValues = values,
            }, cancellationToken)
            || await ConditionalUpdateAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(name),
                UpdateExpression = "SET leaseOwner = :owner, leaseDescription = :description, leaseRunId = :run, acquiredAt = :now, heartbeatAt = :now, expiresAt = :expires",
                ConditionExpression = "attribute_not_exists(leaseOwner) OR expiresAt <= :now",
                ExpressionAttributeValues = values,
            }, cancellationToken);
        var current = await GetAsync(name, cancellationToken);
        // Not acquired and no holder: it was released between the two updates; the caller may simply try again.
        return new LeaseGrant(acquired, current ?? new Lease(name, "", "nobody (just released)", null, now, now, now));
    }

    public Task<bool> ReleaseAsync(string name, string ownerId, CancellationToken cancellationToken) =>
        ConditionalUpdateAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(name),
            UpdateExpression = "REMOVE leaseOwner, leaseRunId",
            ConditionExpression = "leaseOwner = :owner",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":owner"] = S(ownerId) },
        }, cancellationToken);

    /// <summary>Applies a conditional update: false (nothing changed) when its condition does not hold.</summary>
    private async Task<bool> ConditionalUpdateAsync(UpdateItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<Lease?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(name), ConsistentRead = true }, cancellationToken);
        var item = response.Item;
        if (item is null || !item.TryGetValue("leaseOwner", out var owner) || owner.S is null)
        {
            return null;
        }

        string Text(string attribute) => item.TryGetValue(attribute, out var v) && v.S is { } t ? t : "";
        DateTimeOffset At(string attribute) => DateTimeOffset.Parse(Text(attribute), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        var runId = Text("leaseRunId");
        return new Lease(name, owner.S, Text("leaseDescription"), runId.Length == 0 ? null : runId, At("acquiredAt"), At("heartbeatAt"), At("expiresAt"));
    }

    private static Dictionary<string, AttributeValue> Key(string name) => new() { ["runId"] = S(KeyPrefix + name) };

    private static AttributeValue S(string value) => new() { S = value };

    // Fixed-width UTC: conditions compare these as strings.
    private static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
