using PropGrade.Core.Runs;

namespace PropGrade.Cli.Requests;

/// <summary>
/// <see cref="RequestBuilder"/> naming every bad grading flag in one go: a flag that cannot be read at all (a missing
/// tiers or roster file, a non-number) no longer hides the others, which are checked as if it had been left out.
/// </summary>
internal static class AllFlagProblems
{
    /// <summary>The flags whose value the builder reads before the request rules (their problems start with "--flag:").</summary>
    private static readonly string[] ReadFirst = ["--request", "--tiers", "--roster", "--max-pages", "--rolling-months"];

    /// <summary>
    /// The date used to check the grading flags when the engine that knows the source's today cannot be built (bad engine
    /// flags): the UTC date.
    /// </summary>
    public static RunDefaults Offline(TimeProvider time) =>
        new(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ["00000"]);

    public static RunRequest? Build(GradingFlags flags, RunDefaults defaults, RunRequest? baseRequest, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var first = new List<string>();
        var request = RequestBuilder.Build(flags, defaults, baseRequest, first);
        problems.AddRange(first);
        var unreadable = ReadFirst.Where(flag => first.Any(p => p.StartsWith(flag + ":", StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);
        if (request is null && unreadable.Count > 0)
        {
            var rest = flags with
            {
                TiersFile = unreadable.Contains("--tiers") ? null : flags.TiersFile,
                RosterFile = unreadable.Contains("--roster") ? null : flags.RosterFile,
                MaxPages = unreadable.Contains("--max-pages") ? null : flags.MaxPages,
                RequestFile = unreadable.Contains("--request") ? null : flags.RequestFile,
                RollingMonths = unreadable.Contains("--rolling-months") ? null : flags.RollingMonths,
            };
            var more = new List<string>();
            RequestBuilder.Build(rest, defaults, baseRequest, more);
            problems.AddRange(more.Where(p => !first.Contains(p, StringComparer.Ordinal)));
        }

        return request;
    }
}
