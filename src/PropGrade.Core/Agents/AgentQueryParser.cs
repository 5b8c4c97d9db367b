using System.Globalization;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Agents;

/// <summary>
/// Reads <c>GET /runs/{runId}/agents</c>'s query string into an <see cref="AgentQuery"/>, naming every problem by
/// parameter (as the run request's validation does): <c>tier</c>, <c>market</c> (a ZIP), <c>movement</c>,
/// <c>incomplete</c> (<c>true</c>/<c>false</c>), <c>q</c>, <c>sort</c> (a key of <see cref="AgentSortKeys"/>, <c>-</c>
/// in front for descending), <c>page</c> (from 1), <c>pageSize</c> (1..<see cref="MaxPageSize"/>). Unknown parameters
/// are refused (a misspelt filter would otherwise silently match everything).
/// </summary>
public static class AgentQueryParser
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxPage = 1_000_000;
    public const int MaxSearchLength = 100;
    public const int MaxTierNameLength = 64;

    public static IReadOnlyList<string> Parameters { get; } = ["tier", "market", "movement", "incomplete", "q", "sort", "page", "pageSize"];

    public static (AgentQuery? Query, IReadOnlyList<FieldError> Errors) Parse(IReadOnlyDictionary<string, string> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new List<FieldError>();
        foreach (var name in query.Keys.Where(k => !Parameters.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            errors.Add(new FieldError(name, $"Unknown parameter '{Shorten(name)}'; known: {string.Join(", ", Parameters)}."));
        }

        string? Text(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var tier = Text("tier");
        if (tier is { Length: > MaxTierNameLength })
        {
            errors.Add(new FieldError("tier", $"A tier name has at most {MaxTierNameLength} characters."));
        }

        var market = Text("market");
        if (market is not null && !RunRequestValidator.IsZip(market))
        {
            errors.Add(new FieldError("market", $"'{Shorten(market)}' is not a {RunRequestValidator.ZipLength}-digit ZIP code."));
        }

        var movement = Text("movement");
        if (movement is not null && !AgentMovements.All.Contains(movement, StringComparer.Ordinal))
        {
            errors.Add(new FieldError("movement", $"'{Shorten(movement)}' is not a movement; use one of {string.Join(", ", AgentMovements.All)}."));
        }

        bool? incomplete = null;
        if (Text("incomplete") is { } flag)
        {
            incomplete = flag switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
            if (incomplete is null)
            {
                errors.Add(new FieldError("incomplete", $"'{Shorten(flag)}' is not true or false."));
            }
        }

        var search = Text("q");
        if (search is { Length: > MaxSearchLength })
        {
            errors.Add(new FieldError("q", $"A search has at most {MaxSearchLength} characters."));
        }

        var sort = AgentSortKeys.Default;
        var descending = false;
        if (Text("sort") is { } rawSort)
        {
            descending = rawSort.StartsWith('-');
            sort = descending ? rawSort[1..] : rawSort;
            if (!AgentSortKeys.IsKnown(sort))
            {
                errors.Add(new FieldError("sort", $"'{Shorten(rawSort)}' is not a sort; use one of {string.Join(", ", AgentSortKeys.All)}, with '-' in front for descending."));
            }
        }

        var page = Number("page", 1, MaxPage, 1);
        var pageSize = Number("pageSize", 1, MaxPageSize, DefaultPageSize);
        return errors.Count > 0
            ? (null, errors)
            : (new AgentQuery(tier, market, movement, incomplete, search, sort, descending, page, pageSize), errors);

        int Number(string name, int min, int max, int fallback)
        {
            if (Text(name) is not { } raw)
            {
                return fallback;
            }

            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            {
                return n;
            }

            errors.Add(new FieldError(name, $"Must be a whole number from {min} to {max}."));
            return fallback;
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
