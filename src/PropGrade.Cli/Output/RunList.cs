using System.Globalization;
using System.Text;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Output;

/// <summary>
/// <c>propgrade runs</c>: newest first, two lines per run that fit 80 columns — the run id, status, window and scope,
/// then the run's name (or "(no name)"), a rolling window's length and the tier counts.
/// </summary>
internal static class RunList
{
    public const int Width = 80;

    public static void Write(TextWriter output, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(runs);
        output.WriteLine(Fit($"{"RUN",-23}  {"STATUS",-9}  {"WINDOW",-24}  SCOPE"));
        output.WriteLine(Fit("  NAME · TIERS"));
        foreach (var run in runs)
        {
            var (since, asOf) = run.Window();
            output.WriteLine(Fit(string.Create(CultureInfo.InvariantCulture,
                $"{run.RunId,-23}  {RunPrinter.Status(run.Status),-9}  {since:yyyy-MM-dd} to {asOf:yyyy-MM-dd}  {Scope(run.Request)}")));
            var second = new StringBuilder("  ").Append(run.Request.Name ?? "(no name)");
            if (run.Request.RollingMonths is { } months)
            {
                second.Append(CultureInfo.InvariantCulture, $" · rolling {months} months");
            }

            if (run.RegradeOf is { } origin)
            {
                second.Append(" · regrade of ").Append(origin);
            }

            if (Tiers(run) is { Length: > 0 } tiers)
            {
                second.Append(" · ").Append(tiers);
            }

            output.WriteLine(Fit(second.ToString()));
        }
    }

    /// <summary><c>64 markets</c>, <c>1 market</c> or <c>roster of 120</c>.</summary>
    public static string Scope(RunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Roster is { } roster
            ? string.Create(CultureInfo.InvariantCulture, $"roster of {roster.Count:N0}")
            : string.Create(CultureInfo.InvariantCulture, $"{request.Markets?.Count ?? 0:N0} market{(request.Markets?.Count == 1 ? "" : "s")}");
    }

    /// <summary><c>A 12, B 40, C 88, Unranked 1,860</c> (the record's tier counts, in the request's tier order); empty before the run ends.</summary>
    public static string Tiers(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var order = run.Request.Tiers.Select(t => t.Name).Append(GradingPlan.Unranked).ToList();
        return string.Join(", ", run.TierCounts
            .OrderBy(t => order.IndexOf(t.Key) is var i && i >= 0 ? i : int.MaxValue)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:N0}")));
    }

    /// <summary>At most <see cref="Width"/> characters, cut with "…".</summary>
    private static string Fit(string line) => line.Length <= Width ? line : line[..(Width - 1)] + "…";
}
