namespace PropGrade.Core.Audit;

/// <summary>
/// The codes of the raw audit trail's integrity check: why a stored group was refused (<see cref="RawGroupFailure.Code"/>),
/// the agents' <c>stop_reason</c> when their stored responses cannot be trusted, and the run-level warning codes.
/// </summary>
public static class RawIntegrityCodes
{
    /// <summary>
    /// Stop reason (and warning code): an agent's stored responses sat in a raw group that failed verification, so a
    /// regrade refuses to grade it from them. The agent is incomplete, never graded from tampered data.
    /// </summary>
    public const string RawIntegrity = "raw_integrity";

    /// <summary>Warning code: raw segments without a manifest (written before manifests existed) replayed unverified.</summary>
    public const string RawUnverified = "raw_unverified";

    /// <summary>The stored bytes do not hash to the manifest's SHA-256 (changed after they were committed).</summary>
    public const string Sha256Mismatch = "sha256_mismatch";

    /// <summary>The segment or object the manifest names does not exist.</summary>
    public const string Missing = "missing";

    /// <summary>The segment or object ends before the group's last byte.</summary>
    public const string Truncated = "truncated";

    /// <summary>The bytes are not a readable gzip member of JSON Lines closed by the group's commit marker.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>The commit marker's group or count disagrees with the manifest.</summary>
    public const string MarkerMismatch = "marker_mismatch";

    /// <summary>A manifest line is not valid JSON of a manifest entry: the group it named cannot be found or checked.</summary>
    public const string ManifestUnreadable = "manifest_unreadable";
}
