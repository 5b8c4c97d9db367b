using System.Globalization;
using System.Text.Json.Serialization;

namespace PropGrade.Core.Audit;

/// <summary>
/// What checking a run's raw audit trail found while it was read back: how many groups were verified against the
/// manifest, which segments had no manifest (replayed unverified), and every group refused, by name.
/// </summary>
public sealed record RawIntegrityReport(
    int GroupsVerified,
    int GroupsUnverified,
    IReadOnlyList<string> UnverifiedSegments,
    IReadOnlyList<RawIntegrityFailure> Failures)
{
    /// <summary>How many refused groups a summary names one by one.</summary>
    public const int NamedFailures = 10;

    /// <summary>How many agent ids a refused group's notice lists.</summary>
    public const int NamedAgents = 10;

    /// <summary>Nothing to report: every group verified.</summary>
    [JsonIgnore]
    public bool IsClean => Failures.Count == 0 && GroupsUnverified == 0 && UnverifiedSegments.Count == 0;

    /// <summary>The findings as run-level notices: one <c>raw_integrity</c> per refused group, one <c>raw_unverified</c>.</summary>
    public IReadOnlyList<RawIntegrityNotice> Notices()
    {
        var notices = new List<RawIntegrityNotice>();
        foreach (var failure in Failures)
        {
            var agents = failure.Agents is { Count: > 0 } ids
                ? Invariant($"its {ids.Count} agents ({string.Join(", ", ids.Take(NamedAgents))}{(ids.Count > NamedAgents ? ", ..." : "")}) are incomplete (stop_reason raw_integrity)")
                : "agents whose responses are missing are incomplete (stop_reason raw_integrity)";
            notices.Add(new RawIntegrityNotice(RawIntegrityCodes.RawIntegrity, $"{failure.Describe()}: excluded; {agents}."));
        }

        if (UnverifiedSegments.Count > 0 || GroupsUnverified > 0)
        {
            notices.Add(new RawIntegrityNotice(RawIntegrityCodes.RawUnverified, Invariant(
                $"{UnverifiedSegments.Count} raw segment(s) have no manifest (written before manifests existed): their {GroupsUnverified:N0} group(s) were replayed unverified ({string.Join(", ", UnverifiedSegments.Take(NamedFailures))}{(UnverifiedSegments.Count > NamedFailures ? ", ..." : "")}).")));
        }

        return notices;
    }

    /// <summary>One paragraph for a run record or a console (null when <see cref="IsClean"/>).</summary>
    public string? Summary()
    {
        if (IsClean)
        {
            return null;
        }

        var parts = new List<string>();
        if (Failures.Count > 0)
        {
            parts.Add(Invariant($"{RawIntegrityCodes.RawIntegrity}: {Failures.Count} raw group(s) failed verification and were excluded (their agents are incomplete, stop_reason raw_integrity): ")
                + string.Join("; ", Failures.Take(NamedFailures).Select(f => f.Describe()))
                + (Failures.Count > NamedFailures ? Invariant($"; and {Failures.Count - NamedFailures} more") : "") + ".");
        }

        foreach (var notice in Notices().Where(n => n.Code == RawIntegrityCodes.RawUnverified))
        {
            parts.Add($"{notice.Code}: {notice.Message}");
        }

        return string.Join(" ", parts);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
