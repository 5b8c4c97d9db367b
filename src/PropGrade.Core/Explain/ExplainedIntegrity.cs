using PropGrade.Core.Audit;

namespace PropGrade.Core.Explain;

/// <summary>What the raw store's integrity check found while the agent's data was read.</summary>
/// <param name="RawRunId">The run whose raw store was read (a regrade reads its source run's).</param>
/// <param name="GroupsRead">Raw groups read.</param>
/// <param name="GroupsUnverified">Groups read without a manifest to check them against.</param>
/// <param name="ExchangesRead">The agent's stored attempts found.</param>
/// <param name="Failures">Groups that failed verification and may have held this agent's data.</param>
/// <param name="ReadEveryGroup">True when every group of the run was read.</param>
public sealed record ExplainedIntegrity(
    string RawRunId,
    int GroupsRead,
    int GroupsUnverified,
    int ExchangesRead,
    IReadOnlyList<RawIntegrityFailure> Failures,
    bool ReadEveryGroup);
