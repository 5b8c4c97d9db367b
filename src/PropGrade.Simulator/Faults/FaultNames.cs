namespace PropGrade.Simulator.Faults;

/// <summary>The snake_case names faults carry in <c>/__sim/stats</c> and <c>/__sim/requests</c>.</summary>
internal static class FaultNames
{
    public static string Of(FaultKind kind) => kind switch
    {
        FaultKind.Http500 => "http_500",
        FaultKind.Http502 => "http_502",
        FaultKind.Http503 => "http_503",
        FaultKind.Http504 => "http_504",
        FaultKind.BotDetector403 => "bot_detector_403",
        FaultKind.ConnectionReset => "connection_reset",
        FaultKind.Hang => "hang",
        FaultKind.MalformedJson => "malformed_json",
        FaultKind.TruncatedBody => "truncated_body",
        FaultKind.HtmlErrorPage => "html_error_page",
        FaultKind.EmptyPage => "empty_page",
        FaultKind.RepeatedListing => "repeated_listing",
        _ => kind.ToString(),
    };
}
