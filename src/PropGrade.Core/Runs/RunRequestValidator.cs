using System.Globalization;
using System.Text;
using PropGrade.Core.Grading;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// The rules of <c>contracts/runs-api.md</c> (revision 2): every violation, by field, in one list; never throws, whatever
/// the request holds. Used by <see cref="RunRequestParser"/> (JSON: the web API, the Runs Lambda), by the CLI's flag
/// path and by the engines before anything is stored. The limits are public constants: <c>GET /config/defaults</c>
/// serves them to the page from here.
/// </summary>
public static class RunRequestValidator
{
    /// <summary>The provider's depth cap.</summary>
    public const int MaxPagesLimit = 20;

    /// <summary>The longest sold window accepted, in years.</summary>
    public const int MaxWindowYears = 10;

    /// <summary>A market is a US ZIP code of exactly this many ASCII digits.</summary>
    public const int ZipLength = 5;

    /// <summary>The most tiers a request may define.</summary>
    public const int MaxTiers = 10;

    /// <summary>The longest tier name, in characters (Unicode code points): an XLSX sheet name holds 31.</summary>
    public const int TierNameMaxLength = 31;

    /// <summary>The characters no tier name may hold (an XLSX sheet name cannot).</summary>
    public const string TierNameForbidden = "[]:*?/\\";

    /// <summary>The largest <c>minVolume</c> accepted: one trillion dollars.</summary>
    public const decimal MaxMinVolume = 1_000_000_000_000m;

    /// <summary>The largest <c>minSides</c> accepted.</summary>
    public const decimal MaxMinSides = 100_000m;

    /// <summary>The most distinct markets a request may name (duplicates are removed, not counted).</summary>
    public const int MaxMarkets = 50_000;

    /// <summary>The most roster rows a request may hold.</summary>
    public const int MaxRosterRows = 50_000;

    /// <summary>
    /// The most errors named one by one for the items of one list (<c>markets[i]</c>, <c>roster[i]…</c>,
    /// <c>selectedTiers[i]</c>, <c>tiers[i]…</c>); the rest are counted in one error on the list itself.
    /// </summary>
    public const int MaxItemErrors = 100;

    /// <summary>The longest advertiser or NRDS id accepted.</summary>
    public const int MaxIdLength = 32;

    /// <summary>The earliest <c>asOf</c> accepted.</summary>
    public static DateOnly MinAsOf { get; } = new(2000, 1, 1);

    /// <summary>Names no tier may take, compared ignoring case: the tier of agents who meet none.</summary>
    public static IReadOnlyList<string> ReservedTierNames { get; } = [GradingPlan.Unranked];

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

    /// <summary>How a tier is named in messages: <c>tier B</c>, or <c>tier 2</c> (its position) when it has no usable name.</summary>
    private static string Label(TierDefinition tier, int index) =>
        string.IsNullOrWhiteSpace(tier.Name) || UnprintableProblem(tier.Name) is not null ? $"tier {index + 1}" : $"tier {Echo(tier.Name)}";

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

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static void ValidateTiers(IReadOnlyList<TierDefinition>? tiers, List<FieldError> errors)
    {
        if (tiers is null || tiers.Count == 0)
        {
            errors.Add(new("tiers", "at least one tier is required."));
            return;
        }

        ValidateTierCount(tiers, errors);
        var items = new ItemErrors("tiers", "problems in the tiers");
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var path = $"tiers[{i}]";
            if (tier is null)
            {
                items.Add(errors, new(path, "must be a tier {name, minVolume and/or minSides}."));
                continue;
            }

            var label = Label(tier, i);
            if (TierNameProblems(tier.Name, names, i) is { } nameProblem)
            {
                items.Add(errors, new($"{path}.name", $"{label}: the name {nameProblem}"));
            }

            ValidateTierThresholds(tier, path, label, items, errors);
            if (i > 0 && tiers[i - 1] is { } higher && !IsHarder(higher, tier))
            {
                items.Add(errors, new(path, $"{label}: tiers must be strictly descending, highest first: {Label(higher, i - 1)} ({Criteria(higher)}) is no harder to meet than {label} ({Criteria(tier)}) on any criterion it names."));
            }
        }

        items.AddRest(errors);
    }

    /// <summary>At most <see cref="MaxTiers"/> tiers.</summary>
    private static void ValidateTierCount(IReadOnlyList<TierDefinition> tiers, List<FieldError> errors)
    {
        if (tiers.Count > MaxTiers)
        {
            errors.Add(new("tiers", $"at most {MaxTiers} tiers (the request has {tiers.Count})."));
        }
    }

    /// <summary>
    /// A tier name: 1..<see cref="TierNameMaxLength"/> printable characters, none of <see cref="TierNameForbidden"/>, not
    /// reserved, unique ignoring case. Every problem of one name in one message; null when it has none. Records the name in
    /// <paramref name="earlier"/> (name → tier index).
    /// </summary>
    private static string? TierNameProblems(string? name, Dictionary<string, int> earlier, int index)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "must not be empty.";
        }

        var problems = new List<string>();
        if (UnprintableProblem(name) is { } unprintable)
        {
            problems.Add(unprintable);
        }

        var length = CountCharacters(name);
        if (length > TierNameMaxLength)
        {
            problems.Add($"must be at most {TierNameMaxLength} characters (it has {length})");
        }

        var forbidden = TierNameForbidden.Where(c => name.Contains(c, StringComparison.Ordinal)).ToList();
        if (forbidden.Count > 0)
        {
            problems.Add($"must not contain {string.Join(" ", forbidden.Select(c => $"'{c}'"))} (none of {string.Join(" ", TierNameForbidden.ToCharArray())} can be in a spreadsheet tab name)");
        }

        if (ReservedTierNames.FirstOrDefault(r => string.Equals(r, name, StringComparison.OrdinalIgnoreCase)) is { } reserved)
        {
            problems.Add($"'{Echo(name)}' is reserved: '{reserved}' is the tier of agents who meet no tier");
        }

        if (earlier.TryGetValue(name, out var first))
        {
            problems.Add($"'{Echo(name)}' is already the name of tiers[{first}]; names must be unique, ignoring case");
        }
        else
        {
            earlier[name] = index;
        }

        return problems.Count == 0 ? null : string.Join("; ", problems) + ".";
    }

    /// <summary>
    /// The first character of <paramref name="text"/> that is not printable text, described: a lone UTF-16 surrogate, a
    /// control character, or a format, separator, private-use or unassigned character (the zero-width joiner of emoji
    /// sequences is allowed).
    /// </summary>
    private static string? UnprintableProblem(string text)
    {
        var position = 0;
        var i = 0;
        while (i < text.Length)
        {
            position++;
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                return $"holds a lone UTF-16 surrogate (U+{(int)text[i]:X4} at character {position}): not valid text";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.Control)
            {
                return $"must not hold a control character (U+{rune.Value:X4} at character {position})";
            }

            if (category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
                && rune.Value != 0x200D)
            {
                return $"must be printable text (U+{rune.Value:X4} at character {position} is not)";
            }

            i += used;
        }

        return null;
    }

    /// <summary>Characters as a reader counts them: Unicode code points (an unpaired surrogate counts as one).</summary>
    private static int CountCharacters(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary><c>minVolume</c> and/or <c>minSides</c>, each within 0..its bound.</summary>
    private static void ValidateTierThresholds(TierDefinition tier, string path, string label, ItemErrors items, List<FieldError> errors)
    {
        if (tier.MinVolume is null && tier.MinSides is null)
        {
            items.Add(errors, new(path, $"{label}: needs minVolume and/or minSides."));
        }

        if (tier.MinVolume is { } minVolume && minVolume < 0)
        {
            items.Add(errors, new($"{path}.minVolume", $"{label}: minVolume {Number(minVolume)} must be ≥ 0."));
        }
        else if (tier.MinVolume is { } bigVolume && bigVolume > MaxMinVolume)
        {
            items.Add(errors, new($"{path}.minVolume", string.Create(CultureInfo.InvariantCulture, $"{label}: minVolume {Number(bigVolume)} must be at most {MaxMinVolume:0} (one trillion dollars).")));
        }

        if (tier.MinSides is { } minSides && minSides < 0)
        {
            items.Add(errors, new($"{path}.minSides", $"{label}: minSides {Number(minSides)} must be ≥ 0."));
        }
        else if (tier.MinSides is { } bigSides && bigSides > MaxMinSides)
        {
            items.Add(errors, new($"{path}.minSides", string.Create(CultureInfo.InvariantCulture, $"{label}: minSides {Number(bigSides)} must be at most {MaxMinSides:0}.")));
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
            errors.Add(new("soldSince", $"soldSince {Iso(soldSince)} must not be after asOf {Iso(asOf)}."));
        }
        else if (WindowTooLong(soldSince, asOf))
        {
            errors.Add(new("soldSince", $"soldSince {Iso(soldSince)}: the window {Iso(soldSince)} to {Iso(asOf)} is longer than {MaxWindowYears} years (the window may span at most {MaxWindowYears} years)."));
        }

        if (asOf > today)
        {
            errors.Add(new("asOf", $"asOf {Iso(asOf)} must not be in the future (the API's today is {Iso(today)})."));
        }

        ValidateAsOfFloor(asOf, errors);
    }

    /// <summary>No <c>asOf</c> before <see cref="MinAsOf"/>.</summary>
    private static void ValidateAsOfFloor(DateOnly asOf, List<FieldError> errors)
    {
        if (asOf < MinAsOf)
        {
            errors.Add(new("asOf", $"asOf {Iso(asOf)} must not be before {Iso(MinAsOf)}."));
        }
    }

    /// <summary>Whether the window is longer than <see cref="MaxWindowYears"/> (without overflowing at the calendar's start).</summary>
    private static bool WindowTooLong(DateOnly soldSince, DateOnly asOf) =>
        asOf.Year > MaxWindowYears && soldSince < asOf.AddYears(-MaxWindowYears);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void ValidateSelected(IReadOnlyList<string>? selected, IReadOnlyList<TierDefinition>? tiers, List<FieldError> errors)
    {
        if (selected is null || selected.Count == 0)
        {
            errors.Add(new("selectedTiers", "select at least one tier."));
            return;
        }

        var names = new HashSet<string>((tiers ?? []).Where(t => t?.Name is not null).Select(t => t.Name), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new ItemErrors("selectedTiers", "selected names that are not tier names or are repeated");
        for (var i = 0; i < selected.Count; i++)
        {
            var name = selected[i] ?? "";
            if (!names.Contains(name))
            {
                var meant = names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                items.Add(errors, new($"selectedTiers[{i}]", meant is null
                    ? $"'{Echo(name)}' is not the name of a tier (the tiers are {string.Join(", ", (tiers ?? []).Where(t => t?.Name is not null).Select(t => Echo(t.Name)))})."
                    : $"'{Echo(name)}' is not the name of a tier (names are matched exactly: '{Echo(meant)}'?)."));
            }
            else if (!seen.Add(name))
            {
                items.Add(errors, new($"selectedTiers[{i}]", $"'{Echo(name)}' is selected twice."));
            }
        }

        items.AddRest(errors);
    }

    private static void ValidateScope(IReadOnlyList<string>? markets, IReadOnlyList<RosterEntry>? roster, List<FieldError> errors)
    {
        if (markets is not null && roster is not null)
        {
            errors.Add(new("roster", "give either markets or a roster, not both."));
        }

        if (markets is not null)
        {
            ValidateMarkets(markets, errors);
        }

        if (roster is not null)
        {
            ValidateRoster(roster, errors);
        }

        if (markets is null && roster is null)
        {
            errors.Add(new("markets", "no markets and no roster: nothing to grade."));
        }
    }

    /// <summary>5-digit ZIPs; duplicates are allowed (the parser keeps each once) and not counted toward <see cref="MaxMarkets"/>.</summary>
    private static void ValidateMarkets(IReadOnlyList<string> markets, List<FieldError> errors)
    {
        if (markets.Count == 0)
        {
            errors.Add(new("markets", "at least one market is required."));
        }

        var items = new ItemErrors("markets", "entries that are not 5-digit ZIP codes");
        for (var i = 0; i < markets.Count; i++)
        {
            if (!IsZip(markets[i]))
            {
                items.Add(errors, new($"markets[{i}]", $"'{Echo(markets[i] ?? "")}' is not a {ZipLength}-digit ZIP code."));
            }
        }

        items.AddRest(errors);
        var distinct = markets.Count <= MaxMarkets ? markets.Count : markets.Distinct(StringComparer.Ordinal).Count();
        if (distinct > MaxMarkets)
        {
            errors.Add(new("markets", $"at most {MaxMarkets} markets (the request names {distinct} distinct ones)."));
        }
    }

    /// <summary>
    /// Rows <c>{advertiserId: digits, nrdsId}</c>, at most <see cref="MaxRosterRows"/>; an identical row given again is
    /// allowed (the parser keeps it once), the same advertiser with another NRDS id is not.
    /// </summary>
    private static void ValidateRoster(IReadOnlyList<RosterEntry> roster, List<FieldError> errors)
    {
        if (roster.Count == 0)
        {
            errors.Add(new("roster", "a roster needs at least one row {advertiserId, nrdsId}."));
        }

        if (roster.Count > MaxRosterRows)
        {
            errors.Add(new("roster", $"at most {MaxRosterRows} rows (the roster has {roster.Count})."));
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new ItemErrors("roster", "problems in the roster rows");
        for (var i = 0; i < roster.Count; i++)
        {
            var row = roster[i];
            if (row is null)
            {
                items.Add(errors, new($"roster[{i}]", "must be a row {advertiserId, nrdsId}."));
                continue;
            }

            if (string.IsNullOrEmpty(row.AdvertiserId))
            {
                items.Add(errors, new($"roster[{i}].advertiserId", "is required (the agent's advertiser id)."));
            }
            else if (!IsAdvertiserId(row.AdvertiserId))
            {
                items.Add(errors, new($"roster[{i}].advertiserId", $"'{Echo(row.AdvertiserId)}' is not an advertiser id (1 to {MaxIdLength} digits)."));
            }
            else if (seen.TryGetValue(row.AdvertiserId, out var first))
            {
                if (!string.Equals(roster[first].NrdsId, row.NrdsId, StringComparison.Ordinal))
                {
                    items.Add(errors, new($"roster[{i}].advertiserId", $"'{row.AdvertiserId}' is listed twice with different NRDS ids (first at roster[{first}])."));
                }
            }
            else
            {
                seen[row.AdvertiserId] = i;
            }

            if (string.IsNullOrEmpty(row.NrdsId))
            {
                items.Add(errors, new($"roster[{i}].nrdsId", "is required: the listing API's get-profile needs the agent's NRDS id (it is in every export)."));
            }
            else if (!IsId(row.NrdsId))
            {
                items.Add(errors, new($"roster[{i}].nrdsId", $"'{Echo(row.NrdsId)}' is not an NRDS id (1 to {MaxIdLength} letters or digits)."));
            }
        }

        items.AddRest(errors);
    }

    /// <summary>An advertiser or NRDS id: 1 to <see cref="MaxIdLength"/> ASCII letters or digits (safe in keys and paths).</summary>
    public static bool IsId(string? value) =>
        value is { Length: > 0 and <= MaxIdLength } && value.All(char.IsAsciiLetterOrDigit);

    /// <summary>An advertiser id: 1 to <see cref="MaxIdLength"/> ASCII digits (the listing API's ids are numbers).</summary>
    public static bool IsAdvertiserId(string? value) =>
        value is { Length: > 0 and <= MaxIdLength } && value.All(char.IsAsciiDigit);

    /// <summary>Exactly five ASCII digits.</summary>
    public static bool IsZip(string? value) =>
        value is { Length: ZipLength } && value.All(char.IsAsciiDigit);

    /// <summary>
    /// A value as an error message may quote it: at most 40 characters, and every character that is not printable
    /// (control, format, separator, lone surrogate) written as <c>\uXXXX</c>, so a message never carries terminal
    /// escapes or broken text.
    /// </summary>
    internal static string Echo(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, 48));
        var shown = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (shown == 40)
            {
                return builder.Append("...").ToString();
            }

            var ch = value[i];
            var paired = char.IsHighSurrogate(ch) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (paired)
            {
                builder.Append(ch).Append(value[++i]);
            }
            else if (char.IsSurrogate(ch) || char.GetUnicodeCategory(ch) is UnicodeCategory.Control or UnicodeCategory.Format
                         or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator && ch != '\u200D')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
            }
            else
            {
                builder.Append(ch);
            }

            shown++;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The errors of one list's items: the first <see cref="MaxItemErrors"/> are added as they come, the rest counted and
    /// reported once on the list (<c>markets</c>: "... and 4900 more entries are not 5-digit ZIP codes.").
    /// </summary>
    private sealed class ItemErrors(string field, string what)
    {
        private int _named;
        private int _more;

        public void Add(List<FieldError> errors, FieldError error)
        {
            if (_named < MaxItemErrors)
            {
                errors.Add(error);
                _named++;
            }
            else
            {
                _more++;
            }
        }

        public void AddRest(List<FieldError> errors)
        {
            if (_more > 0)
            {
                errors.Add(new(field, $"and {_more} more {what} (only the first {MaxItemErrors} are named one by one)."));
            }
        }
    }
}
