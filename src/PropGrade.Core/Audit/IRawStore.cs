namespace PropGrade.Core.Audit;

/// <summary>
/// The audit trail of every HTTP attempt, per run. Local: append-only compressed files under
/// <c>runs/{runId}/raw/</c>; AWS: S3 objects under the same keys. Groups keep the object count low. Every committed
/// group is named, with the SHA-256 of its stored bytes, in the run's manifest (<see cref="RawManifest"/>); every
/// read checks the bytes against it and refuses, by name, a group that does not match.
/// </summary>
public interface IRawStore
{
    /// <summary>Starts a group; nothing is visible to readers until it is committed.</summary>
    IRawGroupWriter OpenGroup(string runId, string groupKey);

    /// <summary>
    /// Every committed exchange of the run that checks out (verified, or unverified where no manifest exists), in
    /// commit order within a group. Refused groups are skipped; <see cref="ReadGroupsAsync"/> names them.
    /// </summary>
    IAsyncEnumerable<RawExchange> ReadAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Every committed group of the run in read order (raw objects by name, groups in stored order), each checked
    /// against the manifest: verified, unverified (no manifest), or failed with the reason. A failed group never hides
    /// the groups after it.
    /// </summary>
    IAsyncEnumerable<RawGroup> ReadGroupsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="length"/> stored bytes of raw object <paramref name="segment"/> (as a
    /// <see cref="RawManifestEntry.Segment"/> names it) from <paramref name="offset"/>: fewer when it ends early, null
    /// when it does not exist. Callers check them with <see cref="RawGroupDecoder.Verify"/>.
    /// </summary>
    Task<byte[]?> ReadBytesAsync(string runId, string segment, long offset, int length, CancellationToken cancellationToken);

    /// <summary>
    /// Every manifest entry of the run, in read order, without reading the groups' bytes — so that a reader after one
    /// agent's data reads only the groups that name it (<see cref="RawManifestEntry.Agents"/>), checking each with
    /// <see cref="RawGroupDecoder.Verify"/>. Null when that cannot be done: the store cannot list its manifest
    /// cheaply, or some of the run's raw data is not described by a readable manifest (data written before manifests,
    /// an unreadable line, a missing segment); such a reader then reads every group (<see cref="ReadGroupsAsync"/>),
    /// which reports each problem by name.
    /// </summary>
    Task<IReadOnlyList<RawManifestEntry>?> ReadManifestAsync(string runId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RawManifestEntry>?>(null);

    /// <summary>
    /// A digest of what the run's raw store holds (object names and sizes, manifests included), which changes whenever
    /// a group is committed: an index built from the store is still current while it matches.
    /// </summary>
    Task<string> FingerprintAsync(string runId, CancellationToken cancellationToken);
}
