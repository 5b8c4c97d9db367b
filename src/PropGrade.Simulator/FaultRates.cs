namespace PropGrade.Simulator;

/// <summary>
/// Per-request probabilities of each injected fault (0..1 each, sum at most 1). Faults apply to the three
/// <c>/agents/*</c> endpoints only, and only to requests that would otherwise succeed. Named profiles:
/// <see cref="None"/>, <see cref="Flaky"/> (about 1-2 % of each), <see cref="Hostile"/> (much worse).
/// Adjust one rate with <c>with</c>: <c>FaultRates.Flaky with { Http503 = 0.1 }</c>.
/// </summary>
public sealed record FaultRates
{
    /// <summary>500 with a provider-like JSON body.</summary>
    public double Http500 { get; init; }

    /// <summary>502 with a provider-like JSON body.</summary>
    public double Http502 { get; init; }

    /// <summary>503 "upstream busy" (the provider documents it as retryable).</summary>
    public double Http503 { get; init; }

    /// <summary>504 gateway timeout.</summary>
    public double Http504 { get; init; }

    /// <summary>The provider's transient 403 whose message mentions the bot detector.</summary>
    public double BotDetector403 { get; init; }

    /// <summary>The connection is aborted without a response.</summary>
    public double ConnectionReset { get; init; }

    /// <summary>The response stalls for <see cref="SimulatorOptions.HangDuration"/> before it is sent.</summary>
    public double Hang { get; init; }

    /// <summary>200 with a body that is not valid JSON.</summary>
    public double MalformedJson { get; init; }

    /// <summary>200 with a valid prefix of the body, cut mid-JSON.</summary>
    public double TruncatedBody { get; init; }

    /// <summary>200 with an HTML error page (text/html).</summary>
    public double HtmlErrorPage { get; init; }

    /// <summary>get-listings only: 200 with the right matching_rows but no listings, for a page that has some.</summary>
    public double EmptyPage { get; init; }

    /// <summary>get-listings page &gt;= 2 only: the page additionally starts with the last listing of the page before.</summary>
    public double RepeatedListing { get; init; }

    /// <summary>No faults.</summary>
    public static FaultRates None { get; } = new();

    /// <summary>A flaky provider: about 1 % of each fault (2 % for 503 and repeated listings); about 13.5 % in all.</summary>
    public static FaultRates Flaky { get; } = new()
    {
        Http500 = 0.01, Http502 = 0.01, Http503 = 0.02, Http504 = 0.01, BotDetector403 = 0.01,
        ConnectionReset = 0.01, Hang = 0.005, MalformedJson = 0.01, TruncatedBody = 0.01, HtmlErrorPage = 0.01,
        EmptyPage = 0.01, RepeatedListing = 0.02,
    };

    /// <summary>A hostile provider: about 43 % of requests fail or are corrupted.</summary>
    public static FaultRates Hostile { get; } = new()
    {
        Http500 = 0.03, Http502 = 0.03, Http503 = 0.08, Http504 = 0.03, BotDetector403 = 0.04,
        ConnectionReset = 0.03, Hang = 0.01, MalformedJson = 0.03, TruncatedBody = 0.03, HtmlErrorPage = 0.03,
        EmptyPage = 0.04, RepeatedListing = 0.05,
    };

    /// <summary>The profile names <see cref="FromProfile"/> accepts.</summary>
    public static IReadOnlyList<string> ProfileNames { get; } = ["none", "flaky", "hostile"];

    /// <summary>The sum of every rate.</summary>
    public double Total =>
        Http500 + Http502 + Http503 + Http504 + BotDetector403 + ConnectionReset + Hang + MalformedJson +
        TruncatedBody + HtmlErrorPage + EmptyPage + RepeatedListing;

    /// <summary><c>none</c>, <c>flaky</c> or <c>hostile</c> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static FaultRates FromProfile(string name) => name?.Trim().ToUpperInvariant() switch
    {
        "NONE" => None,
        "FLAKY" => Flaky,
        "HOSTILE" => Hostile,
        _ => throw new ArgumentException($"Unknown fault profile '{name}'; expected none, flaky or hostile.", nameof(name)),
    };

    /// <summary>The rate of one fault kind.</summary>
    internal double RateOf(Faults.FaultKind kind) => kind switch
    {
        Faults.FaultKind.Http500 => Http500,
        Faults.FaultKind.Http502 => Http502,
        Faults.FaultKind.Http503 => Http503,
        Faults.FaultKind.Http504 => Http504,
        Faults.FaultKind.BotDetector403 => BotDetector403,
        Faults.FaultKind.ConnectionReset => ConnectionReset,
        Faults.FaultKind.Hang => Hang,
        Faults.FaultKind.MalformedJson => MalformedJson,
        Faults.FaultKind.TruncatedBody => TruncatedBody,
        Faults.FaultKind.HtmlErrorPage => HtmlErrorPage,
        Faults.FaultKind.EmptyPage => EmptyPage,
        Faults.FaultKind.RepeatedListing => RepeatedListing,
        _ => 0,
    };

    /// <summary>Every problem with the rates (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<Faults.FaultKind>())
        {
            var rate = RateOf(kind);
            if (double.IsNaN(rate) || rate < 0 || rate > 1)
            {
                problems.Add($"Faults.{kind} must be between 0 and 1 (was {rate}).");
            }
        }

        if (Total > 1 + 1e-9)
        {
            problems.Add($"The fault rates add up to {Total:0.###}; at most 1.");
        }

        return problems;
    }
}
