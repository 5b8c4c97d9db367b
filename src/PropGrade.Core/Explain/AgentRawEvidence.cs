using PropGrade.Core.Audit;

namespace PropGrade.Core.Explain;

/// <summary>
/// One agent's stored exchanges, read from the groups of a run's raw store that hold them, with what the integrity
/// check found on the way.
/// </summary>
/// <param name="Exchanges">The agent's exchanges (every attempt), in stored order.</param>
/// <param name="GroupsRead">Raw groups read.</param>
/// <param name="GroupsUnverified">Of those, groups read without a manifest to check them against (data written before manifests).</param>
/// <param name="Failures">Groups that failed verification and may have held this agent's data (never read).</param>
/// <param name="ReadEveryGroup">True when every group of the run was read (no usable manifest, or a targeted group failed its check).</param>
public sealed record AgentRawEvidence(
    IReadOnlyList<RawExchange> Exchanges,
    int GroupsRead,
    int GroupsUnverified,
    IReadOnlyList<RawIntegrityFailure> Failures,
    bool ReadEveryGroup);
