using PropGrade.Core.Audit;
using PropGrade.Core.Grading;

namespace PropGrade.Core.Runs;

/// <summary>
/// Which saved incomplete agents a resume grades again (docs/pipeline.md, "Resuming a PARTIAL or FAILED run"): those
/// the API failed — a page still failing after the client's retries (<c>http_5xx</c>, <c>timeout</c>, <c>reset</c>,
/// <c>http_429</c>, <c>http_403_bot</c>, <c>malformed_body</c>, <c>truncated_body</c>, <c>html_body</c>,
/// <c>empty_page</c>, <c>circuit_open</c>, any other transient reason), a batch that failed for good
/// (<c>batch_failed:…</c>) or an agent the run stopped before (<c>not_graded</c>). Never those that cannot complete
/// by asking again: <c>no_mls_id</c> (no MLS entry to ask with), <c>depth_cap</c> (the plan's <c>maxPages</c>),
/// <c>no_raw_data</c> and <c>raw_integrity</c> (a regrade's stored data), and a final <c>http_4xx</c> answer other
/// than 429 and the bot detector's 403 (the provider does not know the agent, or refuses the request: the same
/// answer again).
/// </summary>
public static class IncompleteAgentRetry
{
    /// <summary>The stop reasons never graded again, whatever the resume.</summary>
    public static IReadOnlyList<string> Structural { get; } =
        [StopReasons.NoMlsId, StopReasons.DepthCap, StopReasons.NoRawData, RawIntegrityCodes.RawIntegrity];

    /// <summary>True when <paramref name="result"/> is incomplete because the API failed it, so a resume grades it again.</summary>
    public static bool ShouldRegrade(AgentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return !result.Complete && IsRetryableReason(result.StopReason);
    }

    /// <summary>True for a stop reason a later attempt can get past (see the type's summary).</summary>
    public static bool IsRetryableReason(string? reason)
    {
        if (string.IsNullOrEmpty(reason) || Structural.Contains(reason, StringComparer.Ordinal))
        {
            return false;
        }

        // A final 4xx is the provider's answer about this agent or request; 429 and the bot detector's 403 are transient.
        return !reason.StartsWith("http_4", StringComparison.Ordinal) || reason is "http_429" or "http_403_bot";
    }
}
