namespace PropGrade.Core.Audit;

/// <summary>What a reader could establish about a stored raw group.</summary>
public enum RawGroupState
{
    /// <summary>The stored bytes hash to the manifest's SHA-256 and hold exactly the committed records it names.</summary>
    Verified,

    /// <summary>Readable and committed, but no manifest vouches for it (a segment written before manifests existed).</summary>
    Unverified,

    /// <summary>Refused: missing, truncated, changed or unreadable. None of its records are used.</summary>
    Failed,
}
