using PropGrade.Simulator.Drift;

namespace PropGrade.Simulator;

/// <summary>
/// The names <see cref="SimulatorOptions.Drift"/> (and <c>propgrade simulate --drift</c>) accept: each serves one named
/// departure from listing-API contract revision 2, so tests can prove that <c>probe</c> and the client notice it.
/// </summary>
public static class DriftNames
{
    /// <summary><c>description.sold_price</c> is served as <c>description.last_sold_price</c>.</summary>
    public const string SoldPriceRenamed = "sold-price-renamed";

    /// <summary>get-listings answers in the revision-1 flat envelope <c>{matching_rows, page, page_size, listings}</c>.</summary>
    public const string FlatEnvelope = "flat-envelope";

    /// <summary>forSold pages are not newest first (each agent's sold feed in a seeded shuffle).</summary>
    public const string UnsortedSold = "unsorted-sold";

    /// <summary>get-listings is gone: 404 <c>{"message":"Endpoint '/agents/get-listings' does not exist"}</c>.</summary>
    public const string RemovedEndpoint = "removed-endpoint";

    /// <summary><c>advertisers[].fulfillment_id</c> is served as a JSON number instead of a string.</summary>
    public const string NumericIds = "numeric-ids";

    /// <summary>Pending listings carry <c>status: "pending"</c> (the revision-1 status) and no <c>flags.is_pending</c>.</summary>
    public const string PendingStatus = "pending-status";

    /// <summary>
    /// A test mode, not a contract departure: every <c>/agents/*</c> answer echoes the request's API key in a header
    /// (<c>X-Echo-Key</c>: base64, URL-encoded and inside a base64 <c>user:key</c>) and every error body's message
    /// (a 500 fault, a 401, a 404...) carries it as is, base64- and URL-encoded. Grading is unchanged (the truth answers).
    /// Proves the client keeps no form of the key (docs/simulator.md).
    /// </summary>
    public const string EchoKey = "echo-key";

    /// <summary>Every valid name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [SoldPriceRenamed, FlatEnvelope, UnsortedSold, RemovedEndpoint, NumericIds, PendingStatus, EchoKey];

    /// <summary>The modes of <paramref name="names"/>; every unknown name is added to <paramref name="problems"/>.</summary>
    internal static DriftMode Parse(IEnumerable<string> names, List<string> problems)
    {
        var mode = DriftMode.None;
        foreach (var name in names)
        {
            var flag = name?.Trim().ToLowerInvariant() switch
            {
                SoldPriceRenamed => DriftMode.SoldPriceRenamed,
                FlatEnvelope => DriftMode.FlatEnvelope,
                UnsortedSold => DriftMode.UnsortedSold,
                RemovedEndpoint => DriftMode.RemovedEndpoint,
                NumericIds => DriftMode.NumericIds,
                PendingStatus => DriftMode.PendingStatus,
                EchoKey => DriftMode.EchoKey,
                _ => (DriftMode?)null,
            };
            if (flag is { } f)
            {
                mode |= f;
            }
            else
            {
                problems.Add($"Unknown drift '{name}'; expected one of: {string.Join(", ", All)}.");
            }
        }

        return mode;
    }

    /// <summary>The names of the modes set in <paramref name="mode"/>, in <see cref="All"/> order.</summary>
    internal static IReadOnlyList<string> NamesOf(DriftMode mode)
    {
        var problems = new List<string>();
        return [.. All.Where(n => (Parse([n], problems) & mode) != 0)];
    }
}
