namespace PropGrade.ListingApi.Probe;

/// <summary>The probe's field tallies, in the order first met (endpoint by endpoint, outer fields first).</summary>
internal sealed class FieldTable
{
    private readonly List<FieldTally> _order = [];
    private readonly Dictionary<(string Endpoint, string Path, string? Condition), FieldTally> _byKey = [];

    public IReadOnlyList<FieldTally> All => _order;

    /// <summary>The tally of one field (created on first use).</summary>
    /// <param name="endpoint">E.g. <c>get-listings forSold</c>.</param>
    /// <param name="path">The path with <c>[]</c> for every element.</param>
    /// <param name="condition">When the field is expected (e.g. <c>sold listings</c>); null = always.</param>
    /// <param name="required">True when the grader needs it.</param>
    /// <param name="accepted">The types the client's mapper reads.</param>
    /// <param name="documented">The types the contract names (default: <paramref name="accepted"/>); another accepted type is noted.</param>
    public FieldTally Get(string endpoint, string path, string? condition, bool required, JsonKinds accepted, JsonKinds? documented = null)
    {
        var key = (endpoint, path, condition);
        if (!_byKey.TryGetValue(key, out var tally))
        {
            tally = new FieldTally(endpoint, path, condition, required, accepted, documented ?? accepted);
            _byKey[key] = tally;
            _order.Add(tally);
        }

        return tally;
    }
}
