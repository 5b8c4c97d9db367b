using PropGrade.Core.Agents;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// The validation limits the page checks before it sends a request (<c>GET /config/defaults</c>, field <c>limits</c>),
/// read from the constants the server validates with (<see cref="RunRequestValidator"/>), so the page never keeps copies.
/// The page checks only what is listed here; the server checks everything in any case.
/// </summary>
/// <param name="Today">The latest allowed <c>asOf</c>: the source's today, the same date the validator uses.</param>
/// <param name="DefaultWindowMonths">The default window's length in months (the "last N months" preset).</param>
/// <param name="MaxWindowYears">The longest sold window, in years (<see cref="RunRequestValidator.MaxWindowYears"/>).</param>
/// <param name="MaxPages">The accepted <c>maxPages</c>.</param>
/// <param name="Concurrency">The accepted <c>?concurrency=</c> of <c>POST /runs</c>.</param>
/// <param name="ZipLength">The digits of a market ZIP code.</param>
/// <param name="MinAsOf">The earliest allowed <c>asOf</c>.</param>
/// <param name="MaxTiers">The most tiers a request may define.</param>
/// <param name="TierNameMaxLength">The longest tier name, in characters (code points).</param>
/// <param name="TierNameForbidden">The characters no tier name may hold, as one string.</param>
/// <param name="ReservedTierNames">Names no tier may take (compared ignoring case).</param>
/// <param name="MaxMarkets">The most distinct markets a request may name.</param>
/// <param name="MaxRosterRows">The most roster rows a request may hold.</param>
/// <param name="RollingMonths">The accepted <c>rollingMonths</c>.</param>
/// <param name="MaxNameLength">The longest run <c>name</c>, in characters.</param>
/// <param name="AgentsPageSize">The accepted <c>pageSize</c> of <c>GET /runs/{runId}/agents</c>.</param>
/// <param name="AgentsDefaultPageSize">Its default.</param>
internal sealed record RunLimitsDto(
    DateOnly Today,
    int DefaultWindowMonths,
    int MaxWindowYears,
    RangeDto MaxPages,
    RangeDto Concurrency,
    int ZipLength,
    DateOnly MinAsOf,
    int MaxTiers,
    int TierNameMaxLength,
    string TierNameForbidden,
    IReadOnlyList<string> ReservedTierNames,
    int MaxMarkets,
    int MaxRosterRows,
    RangeDto RollingMonths,
    int MaxNameLength,
    RangeDto AgentsPageSize,
    int AgentsDefaultPageSize)
{
    public static RunLimitsDto From(RunDefaults defaults, RunsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentNullException.ThrowIfNull(options);
        var since = GradingPlan.DefaultSoldSince(defaults.Today);
        var windowMonths = (defaults.Today.Year * 12 + defaults.Today.Month) - (since.Year * 12 + since.Month);
        return new(
            defaults.Today,
            windowMonths,
            RunRequestValidator.MaxWindowYears,
            new RangeDto(1, RunRequestValidator.MaxPagesLimit),
            new RangeDto(1, options.MaxConcurrency),
            RunRequestValidator.ZipLength,
            RunRequestValidator.MinAsOf,
            RunRequestValidator.MaxTiers,
            RunRequestValidator.TierNameMaxLength,
            RunRequestValidator.TierNameForbidden,
            RunRequestValidator.ReservedTierNames,
            RunRequestValidator.MaxMarkets,
            RunRequestValidator.MaxRosterRows,
            new RangeDto(1, RunRequest.MaxRollingMonths),
            RunRequest.MaxNameLength,
            new RangeDto(1, AgentQueryParser.MaxPageSize),
            AgentQueryParser.DefaultPageSize);
    }
}
