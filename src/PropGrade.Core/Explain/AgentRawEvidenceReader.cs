using PropGrade.Core.Audit;

namespace PropGrade.Core.Explain;

/// <summary>
/// Reads one agent's exchanges from a run's raw store. The manifest lists the agents of every group
/// (<see cref="RawManifestEntry.Agents"/>), so only the groups naming the agent are read and checked
/// (<see cref="RawGroupDecoder.Verify"/>). When the store has no usable manifest, or a group fails its check at the
/// manifest's place, every group is read through the store's own reader (which finds moved groups and names each
/// failure); groups that fail there and may hold the agent are reported, never read.
/// </summary>
public static class AgentRawEvidenceReader
{
    public static async Task<AgentRawEvidence> ReadAsync(IRawStore store, string runId, string advertiserId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        if (await store.ReadManifestAsync(runId, cancellationToken).ConfigureAwait(false) is { } entries)
        {
            var groups = new List<RawGroup>();
            foreach (var entry in entries.Where(e => Names(e, advertiserId)))
            {
                var bytes = await store.ReadBytesAsync(runId, entry.Segment, entry.Offset, entry.Length, cancellationToken).ConfigureAwait(false);
                var group = bytes is null
                    ? RawGroupDecoder.Failed(entry, RawIntegrityCodes.Missing, "its raw object does not exist")
                    : RawGroupDecoder.Verify(entry, bytes);
                if (group.State == RawGroupState.Failed)
                {
                    groups = null;
                    break;
                }

                groups.Add(group);
            }

            if (groups is not null)
            {
                return new AgentRawEvidence(ExchangesOf(groups, advertiserId), groups.Count, 0, [], ReadEveryGroup: false);
            }
        }

        var read = new List<RawGroup>();
        var failures = new List<RawIntegrityFailure>();
        await foreach (var group in store.ReadGroupsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            if (!Names(group.Entry, advertiserId))
            {
                continue;
            }

            if (group.State == RawGroupState.Failed)
            {
                failures.Add(RawIntegrityFailure.From(group));
            }
            else
            {
                read.Add(group);
            }
        }

        return new AgentRawEvidence(
            ExchangesOf(read, advertiserId), read.Count, read.Count(g => g.State == RawGroupState.Unverified), failures, ReadEveryGroup: true);
    }

    /// <summary>True when the group may hold the agent's data: its manifest names the agent, or names no agents (unknown).</summary>
    private static bool Names(RawManifestEntry entry, string advertiserId) =>
        entry.Agents is null || entry.Agents.Contains(advertiserId, StringComparer.Ordinal);

    private static List<RawExchange> ExchangesOf(IEnumerable<RawGroup> groups, string advertiserId) =>
        [.. groups.SelectMany(g => g.Exchanges()).Where(e => string.Equals(e.AgentId, advertiserId, StringComparison.Ordinal))];
}
