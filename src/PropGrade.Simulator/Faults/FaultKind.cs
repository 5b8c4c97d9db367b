namespace PropGrade.Simulator.Faults;

/// <summary>The faults the simulator can inject, in the order their probability bands are laid out.</summary>
internal enum FaultKind
{
    Http500,
    Http502,
    Http503,
    Http504,
    BotDetector403,
    ConnectionReset,
    Hang,
    MalformedJson,
    TruncatedBody,
    HtmlErrorPage,
    EmptyPage,
    RepeatedListing,
}
