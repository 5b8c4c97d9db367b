using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Replay;

/// <summary>The replay index's metadata: what raw data it was built from, the segment names its groups point into, and what the integrity check found.</summary>
internal sealed record ReplayIndexMeta(string RunId, string Fingerprint, IReadOnlyList<string> Segments, RawIntegrityReport Report);
