using System.Globalization;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// What <c>propgrade probe</c> checks and how much it may spend. Every property has a documented default;
/// <see cref="Problems"/> names every bad setting at once (the CLI turns them into exit 2, nothing written).
/// </summary>
public sealed class ProbeOptions
{
    /// <summary>The market probed when none is given: a large market in a price-disclosure state (New York, 10011).</summary>
    public const string DefaultMarket = "10011";

    /// <summary>The largest <see cref="Agents"/>.</summary>
    public const int MaxAgents = 20;

    /// <summary>The largest <see cref="AuditBound"/>.</summary>
    public const int MaxAuditBound = 100;

    /// <summary>The API base (must end in <c>/</c>). Default the real API, <c>https://realty-in-us.p.rapidapi.com/</c>.</summary>
    public Uri BaseAddress { get; set; } = new("https://realty-in-us.p.rapidapi.com/");

    /// <summary>The <c>X-RapidAPI-Host</c> header. Default <c>realty-in-us.p.rapidapi.com</c>.</summary>
    public string Host { get; set; } = "realty-in-us.p.rapidapi.com";

    /// <summary>Client-side request rate, requests per second. Default 5 (the RapidAPI BASIC plan).</summary>
    public double RequestsPerSecond { get; set; } = 5;

    /// <summary>The ZIP code whose agents are probed. Default <see cref="DefaultMarket"/>.</summary>
    public string Market { get; set; } = DefaultMarket;

    /// <summary>Agents whose first forSold and forSale pages are checked (1..20). Default 1.</summary>
    public int Agents { get; set; } = 1;

    /// <summary>Agents whose sold history is paged to the end to check the profile bound and the order (0..100). Default 0.</summary>
    public int AuditBound { get; set; }

    /// <summary>
    /// The API's "today": <c>recently_sold</c> covers the 12 months before it (the audit's window). Default the UTC date;
    /// the embedded simulator's own today when probing it.
    /// </summary>
    public DateOnly Today { get; set; } = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    /// <summary>The provider's paging cap for <c>get-listings</c>: the audit reads at most this many pages per agent. Default 20.</summary>
    public int MaxPages { get; set; } = Provider.ListingApiUrls.MaxListingsPage;

    /// <summary>
    /// Re-sends allowed in all for transient failures (5xx, bot 403, per-second 429, reset, timeout, unreadable body),
    /// counted in the budget. Default 2. A body that is well-formed JSON of another shape is a finding, never re-sent.
    /// </summary>
    public int TransientRetries { get; set; } = 2;

    /// <summary>One attempt's time limit. Default 15 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the raw samples and <c>report.json</c> go (created on the first response); null keeps none.</summary>
    public string? SampleDirectory { get; set; }

    /// <summary>A label for the report: what is probed (e.g. "embedded simulator at http://127.0.0.1:5000/").</summary>
    public string? Target { get; set; }

    /// <summary>Every bad setting, named; empty when the options are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || BaseAddress.Scheme is not ("http" or "https"))
        {
            problems.Add("BaseAddress must be an absolute http(s) URL.");
        }
        else if (!BaseAddress.AbsoluteUri.EndsWith('/'))
        {
            problems.Add("BaseAddress must end in '/'.");
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add("Host must not be empty.");
        }

        if (!(RequestsPerSecond > 0) || double.IsInfinity(RequestsPerSecond))
        {
            problems.Add("RequestsPerSecond must be a positive number.");
        }

        if (!IsZip(Market))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Market '{Market}' is not a 5-digit ZIP code."));
        }

        if (Agents is < 1 or > MaxAgents)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"Agents must be 1..{MaxAgents} (was {Agents})."));
        }

        if (AuditBound is < 0 or > MaxAuditBound)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"AuditBound must be 0..{MaxAuditBound} (was {AuditBound})."));
        }

        if (MaxPages is < 1 or > Provider.ListingApiUrls.MaxListingsPage)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxPages must be 1..{Provider.ListingApiUrls.MaxListingsPage}."));
        }

        if (TransientRetries is < 0 or > 20)
        {
            problems.Add("TransientRetries must be 0..20.");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add("AttemptTimeout must be positive.");
        }

        return problems;
    }

    /// <summary>True for five ASCII digits.</summary>
    public static bool IsZip(string? text) => text is { Length: 5 } && text.All(char.IsAsciiDigit);
}
