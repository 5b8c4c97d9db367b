using System.Globalization;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// The rules of <c>contracts/runs-api.md</c>: every violation, by field, in one list. Used by
/// <see cref="RunRequestParser"/> (JSON: the web API, the Runs Lambda) and by the CLI's flag path.
/// </summary>
public static class RunRequestValidator
{
    /// <summary>The provider's depth cap.</summary>
    public const int MaxPagesLimit = 20;

    /// <summary>The longest sold window accepted, in years.</summary>
    public const int MaxWindowYears = 10;

    /// <summary>A market is a US ZIP code of exactly this many ASCII digits.</summary>
    public const int ZipLength = 5;

    /// <param name="request">The request to check.</param>
    /// <param name="today">The latest allowed <c>asOf</c> (the UTC run date).</param>
    public static IReadOnlyList<FieldError> Validate(RunRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<FieldError>();
        ValidateTiers(request.Tiers, errors);
        if (request.RollingMonths is { } months)
        {
            if (months is < 1 or > RunRequest.MaxRollingMonths)
            {
                errors.Add(new("rollingMonths", $"rollingMonths {months} must be between 1 and {RunRequest.MaxRollingMonths} (months before the API's today)."));
            }
        }
        else
        {
            ValidateWindow(request.SoldSince, request.AsOf, today, errors);
        }

        ValidateSelected(request.SelectedTiers, request.Tiers, errors);
        if (request.MaxPages is < 1 or > MaxPagesLimit)
        {
            errors.Add(new("maxPages", $"maxPages {request.MaxPages} must be between 1 and {MaxPagesLimit}."));
        }

        if (!Enum.IsDefined(request.UndisclosedPrice))
        {
            errors.Add(new("undisclosedPrice", $"must be one of {string.Join(", ", UndisclosedPrices.Names.Select(n => $"'{n}'"))}."));
        }

        if (request.Name is not null && NameProblem(request.Name) is { } nameProblem)
        {
            errors.Add(new("name", nameProblem));
        }

        ValidateScope(request.Markets, request.Roster, errors);
        return errors;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a run, or null: 1..<see cref="RunRequest.MaxNameLength"/> printable
    /// characters (no control or format characters, no lone surrogate, not blank).
    /// </summary>
    public static string? NameProblem(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            return "name must have at least one visible character (or leave it out).";
        }

        if (name.Length > RunRequest.MaxNameLength)
        {
            return $"name '{Shorten(name)}' is {name.Length} characters long; at most {RunRequest.MaxNameLength}.";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned)
            {
                return string.Create(CultureInfo.InvariantCulture, $"name has a character that cannot be printed (U+{(int)c:X4}) at position {i + 1}; use letters, digits, spaces and punctuation.");
            }
        }

        return null;
    }

    /// <summary>How a tier is named in messages: <c>tier B</c>, or <c>tier 2</c> (its position) when it has no name.</summary>
    private static string Label(TierDefinition tier, int index) =>
        string.IsNullOrWhiteSpace(tier.Name) ? $"tier {index + 1}" : $"tier {tier.Name}";

    /// <summary>A tier's criteria as a person reads them: <c>$16,000,000 volume or 40 sides</c>.</summary>
    public static string Criteria(TierDefinition tier)
    {
        ArgumentNullException.ThrowIfNull(tier);
        var inv = CultureInfo.InvariantCulture;
        return string.Join(" or ", new[]
        {
            tier.MinVolume is { } v ? string.Create(inv, $"${v:#,##0.##} volume") : null,
            tier.MinSides is { } s ? string.Create(inv, $"{s:0.##} sides") : null,
        }.Where(x => x is not null));
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void ValidateTiers(IReadOnlyList<TierDefinition>? tiers, List<FieldError> errors)
    {
        if (tiers is null || tiers.Count == 0)
        {
            errors.Add(new("tiers", "at least one tier is required."));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var path = $"tiers[{i}]";
            var label = Label(tier, i);
            if (string.IsNullOrWhiteSpace(tier.Name))
            {
                errors.Add(new($"{path}.name", $"{label}: the name must not be empty."));
            }
            else if (!names.Add(tier.Name))
            {
                errors.Add(new($"{path}.name", $"{label}: the name '{tier.Name}' is used by an earlier tier; names must be unique."));
            }

            if (tier.MinVolume is null && tier.MinSides is null)
            {
                errors.Add(new(path, $"{label}: needs minVolume and/or minSides."));
            }

            if (tier.MinVolume is { } minVolume && minVolume < 0)
            {
                errors.Add(new($"{path}.minVolume", $"{label}: minVolume {Number(minVolume)} must be ≥ 0."));
            }

            if (tier.MinSides is { } minSides && minSides < 0)
            {
                errors.Add(new($"{path}.minSides", $"{label}: minSides {Number(minSides)} must be ≥ 0."));
            }

            if (i > 0 && !IsHarder(tiers[i - 1], tier))
            {
                errors.Add(new(path, $"{label}: tiers must be strictly descending, highest first: {Label(tiers[i - 1], i - 1)} ({Criteria(tiers[i - 1])}) is no harder to meet than {label} ({Criteria(tier)}) on any criterion it names."));
            }
        }
    }

    /// <summary>
    /// A higher tier must be harder on at least one criterion it names: a higher value than the lower tier's,
    /// or a criterion the lower tier does not name.
    /// </summary>
    private static bool IsHarder(TierDefinition higher, TierDefinition lower)
    {
        if (higher.MinVolume is null && higher.MinSides is null)
        {
            return true; // reported on its own
        }

        var harderOnVolume = higher.MinVolume is { } hv && (lower.MinVolume is not { } lv || hv > lv);
        var harderOnSides = higher.MinSides is { } hs && (lower.MinSides is not { } ls || hs > ls);
        return harderOnVolume || harderOnSides;
    }

    private static void ValidateWindow(DateOnly soldSince, DateOnly asOf, DateOnly today, List<FieldError> errors)
    {
        if (soldSince > asOf)
        {
            errors.Add(new("soldSince", $"soldSince {Day(soldSince)} must not be after asOf {Day(asOf)}."));
        }
        else if (soldSince < asOf.AddYears(-MaxWindowYears))
        {
            errors.Add(new("soldSince", $"soldSince {Day(soldSince)}: the window {Day(soldSince)} to {Day(asOf)} is longer than {MaxWindowYears} years."));
        }

        if (asOf > today)
        {
            errors.Add(new("asOf", $"asOf {Day(asOf)} must not be in the future (the API's today is {Day(today)})."));
        }
    }

    private static void ValidateSelected(IReadOnlyList<string>? selected, IReadOnlyList<TierDefinition>? tiers, List<FieldError> errors)
    {
        if (selected is null || selected.Count == 0)
        {
            errors.Add(new("selectedTiers", "select at least one tier."));
            return;
        }

        var names = new HashSet<string>((tiers ?? []).Select(t => t.Name), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < selected.Count; i++)
        {
            if (!names.Contains(selected[i]))
            {
                errors.Add(new($"selectedTiers[{i}]", $"'{Shorten(selected[i])}' is not the name of a tier (the tiers are {string.Join(", ", (tiers ?? []).Select(t => t.Name))})."));
            }
            else if (!seen.Add(selected[i]))
            {
                errors.Add(new($"selectedTiers[{i}]", $"'{selected[i]}' is selected twice."));
            }
        }
    }

    private static void ValidateScope(IReadOnlyList<string>? markets, IReadOnlyList<RosterEntry>? roster, List<FieldError> errors)
    {
        if (markets is not null && roster is not null)
        {
            errors.Add(new("roster", "give either markets or a roster, not both."));
        }

        if (markets is not null)
        {
            if (markets.Count == 0)
            {
                errors.Add(new("markets", "at least one market is required."));
            }

            for (var i = 0; i < markets.Count; i++)
            {
                if (!IsZip(markets[i]))
                {
                    errors.Add(new($"markets[{i}]", $"'{markets[i]}' is not a 5-digit ZIP code."));
                }
            }
        }

        if (roster is not null)
        {
            if (roster.Count == 0)
            {
                errors.Add(new("roster", "a roster needs at least one row {advertiserId, nrdsId}."));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < roster.Count; i++)
            {
                var row = roster[i];
                if (row is null)
                {
                    errors.Add(new($"roster[{i}]", "must be a row {advertiserId, nrdsId}."));
                    continue;
                }

                if (string.IsNullOrEmpty(row.AdvertiserId))
                {
                    errors.Add(new($"roster[{i}].advertiserId", "is required (the agent's advertiser id)."));
                }
                else if (!IsId(row.AdvertiserId))
                {
                    errors.Add(new($"roster[{i}].advertiserId", $"'{Shorten(row.AdvertiserId)}' is not an advertiser id (1 to {MaxIdLength} letters or digits)."));
                }
                else if (!seen.Add(row.AdvertiserId))
                {
                    errors.Add(new($"roster[{i}].advertiserId", $"'{row.AdvertiserId}' is listed twice."));
                }

                if (string.IsNullOrEmpty(row.NrdsId))
                {
                    errors.Add(new($"roster[{i}].nrdsId", "is required: the listing API's get-profile needs the agent's NRDS id (it is in every export)."));
                }
                else if (!IsId(row.NrdsId))
                {
                    errors.Add(new($"roster[{i}].nrdsId", $"'{Shorten(row.NrdsId)}' is not an NRDS id (1 to {MaxIdLength} letters or digits)."));
                }
            }
        }

        if (markets is null && roster is null)
        {
            errors.Add(new("markets", "no markets and no roster: nothing to grade."));
        }
    }

    /// <summary>The longest advertiser or NRDS id accepted.</summary>
    public const int MaxIdLength = 32;

    /// <summary>An advertiser or NRDS id: 1 to <see cref="MaxIdLength"/> ASCII letters or digits (safe in keys and paths).</summary>
    public static bool IsId(string? value) =>
        value is { Length: > 0 and <= MaxIdLength } && value.All(char.IsAsciiLetterOrDigit);

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Exactly five ASCII digits.</summary>
    public static bool IsZip(string? value) =>
        value is { Length: ZipLength } && value.All(char.IsAsciiDigit);
}
