using System.Globalization;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Listings;

namespace PropGrade.Core.Runs;

/// <summary>
/// Strict JSON reading of a <see cref="RunRequest"/>: unknown fields are rejected, omitted fields take the
/// <see cref="RunDefaults"/>, wrong types and rule violations are all reported by field in one result. Text that is
/// not readable (not UTF-8, malformed, a lone surrogate escape) is reported too (<see cref="JsonTextCheck"/>), never
/// thrown. A valid request keeps each market and each identical roster row once, in the order given.
/// </summary>
public static class RunRequestParser
{
    private static readonly string[] RequestFields =
        ["tiers", "soldSince", "asOf", "includeActive", "selectedTiers", "markets", "roster", "maxPages", "undisclosedPrice", "name", "rollingMonths"];

    private static readonly string[] RosterFields = ["advertiserId", "nrdsId"];

    private static readonly string[] TierFields = ["name", "minVolume", "minSides"];

    public static RunRequestParseResult Parse(ReadOnlySpan<byte> json, RunDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (JsonTextCheck.Check(json) is { Count: > 0 } unreadable)
        {
            return new(null, unreadable);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(
                JsonTextCheck.WithoutByteOrderMark(json),
                new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = JsonTextCheck.MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException ex)
        {
            return new(null, [new(JsonTextCheck.Root, JsonTextCheck.Describe(ex))]);
        }

        using (document)
        {
            return Parse(document.RootElement, defaults);
        }
    }

    public static RunRequestParseResult Parse(JsonElement root, RunDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new(null, [new("$", "a run request is a JSON object.")]);
        }

        if (HasLoneSurrogates(root, out var textErrors))
        {
            return new(null, textErrors);
        }

        var errors = new List<FieldError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (!RequestFields.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new(property.Name, "unknown field."));
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(new(property.Name, "given twice."));
            }
        }

        var tiers = ReadTiers(root, errors) ?? RunDefaults.DefaultTiers;
        var rollingMonths = ReadInt(root, "rollingMonths", errors);
        var fixedAsOf = ReadDate(root, "asOf", errors);
        var fixedSince = ReadDate(root, "soldSince", errors);
        if (TryGet(root, "rollingMonths", out _))
        {
            ReportRollingWithDates(root, errors);
        }

        var asOf = rollingMonths is not null ? defaults.Today : fixedAsOf ?? defaults.Today;
        var soldSince = rollingMonths is { } months
            ? RunRequest.RollingStart(defaults.Today, months)
            : fixedSince ?? DefaultSoldSince(asOf);
        var name = ReadName(root, errors);
        var includeActive = ReadBool(root, "includeActive", errors) ?? false;
        var selected = ReadStrings(root, "selectedTiers", errors, out _) ?? [.. tiers.Select(t => t.Name)];
        IReadOnlyList<string>? markets = ReadStrings(root, "markets", errors, out var marketsGiven);
        var roster = ReadRoster(root, "roster", errors, out var rosterGiven);
        var maxPages = ReadInt(root, "maxPages", errors) ?? RunDefaults.DefaultMaxPages;
        var undisclosedPrice = ReadUndisclosedPrice(root, "undisclosedPrice", errors) ?? UndisclosedPrice.ListPrice;
        if (!marketsGiven && !rosterGiven)
        {
            markets = defaults.Markets;
        }

        var request = new RunRequest(tiers, soldSince, asOf, includeActive, selected, markets, roster, maxPages, undisclosedPrice, name, rollingMonths);
        var typeErrorFields = errors.Select(e => e.Field).ToList();
        foreach (var error in RunRequestValidator.Validate(request, defaults.Today))
        {
            if (!typeErrorFields.Any(f => error.Field == f || error.Field.StartsWith(f + "[", StringComparison.Ordinal) || error.Field.StartsWith(f + ".", StringComparison.Ordinal)))
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0 ? new(Normalized(request), []) : new(null, errors);
    }

    /// <summary>
    /// Each market once and each identical roster row once, first occurrence first ("markets are de-duplicated": ten
    /// thousand copies of one ZIP are one market, not ten thousand discoveries).
    /// </summary>
    private static RunRequest Normalized(RunRequest request) => request with
    {
        Markets = request.Markets is { } markets && markets.Distinct(StringComparer.Ordinal).Count() != markets.Count
            ? [.. markets.Distinct(StringComparer.Ordinal)]
            : request.Markets,
        Roster = request.Roster is { } roster && roster.Distinct().Count() != roster.Count
            ? [.. roster.Distinct()]
            : request.Roster,
    };

    /// <summary>The default window (12 months before <paramref name="asOf"/>), or <paramref name="asOf"/> itself at the calendar's start (where asOf is refused anyway).</summary>
    private static DateOnly DefaultSoldSince(DateOnly asOf) =>
        asOf >= RunRequestValidator.MinAsOf ? Grading.GradingPlan.DefaultSoldSince(asOf) : asOf;

    /// <summary>
    /// A parsed element can still hold a string escaping a lone surrogate (reading it would throw): its raw text is checked
    /// as a document is.
    /// </summary>
    private static bool HasLoneSurrogates(JsonElement root, out IReadOnlyList<FieldError> errors)
    {
        errors = JsonTextCheck.Check(Encoding.UTF8.GetBytes(root.GetRawText()));
        return errors.Count > 0;
    }

    /// <summary>Reports each field of <paramref name="element"/> that is not one of <paramref name="known"/> or is given twice; true when there is none.</summary>
    private static bool KnownFieldsOnce(JsonElement element, string[] known, string path, List<FieldError> errors)
    {
        var ok = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(new($"{path}.{property.Name}", "unknown field."));
                ok = false;
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(new($"{path}.{property.Name}", "given twice."));
                ok = false;
            }
        }

        return ok;
    }

    /// <summary>A rolling window and fixed dates together: an error on each of the fields, naming the others.</summary>
    private static void ReportRollingWithDates(JsonElement root, List<FieldError> errors)
    {
        var dates = new[] { "soldSince", "asOf" }.Where(f => TryGet(root, f, out _)).ToList();
        if (dates.Count == 0)
        {
            return;
        }

        var rolling = TryGet(root, "rollingMonths", out var r) ? r.GetRawText() : "";
        var fixedText = string.Join(" and ", dates.Select(f => $"{f} {(TryGet(root, f, out var d) ? d.GetRawText() : "")}"));
        errors.Add(new("rollingMonths", $"rollingMonths {rolling} cannot be given with {fixedText}: a rolling window ends at the API's today; give rollingMonths or fixed dates, not both."));
        foreach (var field in dates)
        {
            errors.Add(new(field, $"{field} cannot be given with rollingMonths {rolling}: give fixed dates or rollingMonths, not both."));
        }
    }

    /// <summary>The run's name, trimmed; null when absent or blank (the validator checks its length and characters).</summary>
    private static string? ReadName(JsonElement root, List<FieldError> errors)
    {
        if (!TryGet(root, "name", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new("name", $"name must be a string (got {value.ValueKind.ToString().ToLowerInvariant()} {Shorten(value.GetRawText())})."));
            return null;
        }

        if (!TryText(value, out var text))
        {
            errors.Add(new("name", $"name {Shorten(value.GetRawText())} has a character that cannot be printed (a lone surrogate); use letters, digits, spaces and punctuation."));
            return null;
        }

        var name = text.Trim();
        return name.Length == 0 ? null : name;
    }

    /// <summary>A JSON string's text; false for one that is not valid text (a lone surrogate escape such as <c>\uD800</c>).</summary>
    private static bool TryText(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static bool TryGet(JsonElement root, string name, out JsonElement value) =>
        root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static IReadOnlyList<TierDefinition>? ReadTiers(JsonElement root, List<FieldError> errors)
    {
        if (!TryGet(root, "tiers", out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new("tiers", $"must be an array of tiers [{{\"name\", \"minVolume\", \"minSides\"}}, ...] (got {Shorten(value.GetRawText())})."));
            return null;
        }

        var tiers = new List<TierDefinition>();
        var index = 0;
        var ok = true;
        foreach (var element in value.EnumerateArray())
        {
            var path = $"tiers[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, $"tier {index}: must be an object with name, minVolume and/or minSides (got {Shorten(element.GetRawText())})."));
                ok = false;
                continue;
            }

            var label = element.TryGetProperty("name", out var labelName) && labelName.ValueKind == JsonValueKind.String && TryText(labelName, out var text) && text.Length > 0
                ? $"tier {text}"
                : $"tier {index}";

            ok &= KnownFieldsOnce(element, TierFields, path, errors);

            string name = "";
            if (element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                if (!TryText(n, out name))
                {
                    errors.Add(new($"{path}.name", $"{label}: the name {Shorten(n.GetRawText())} is not valid text (a lone surrogate)."));
                    ok = false;
                }
            }
            else if (element.TryGetProperty("name", out n) && n.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new($"{path}.name", $"{label}: the name must be a string (got {Shorten(n.GetRawText())})."));
                ok = false;
            }

            var minVolume = ReadDecimal(element, "minVolume", $"{path}.minVolume", label, errors, ref ok);
            var minSides = ReadDecimal(element, "minSides", $"{path}.minSides", label, errors, ref ok);
            tiers.Add(new(name, minVolume, minSides));
        }

        return ok ? tiers : tiers.Count > 0 ? tiers : null;
    }

    private static decimal? ReadDecimal(JsonElement element, string name, string path, string label, List<FieldError> errors, ref bool ok)
    {
        if (!TryGet(element, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d))
        {
            return d;
        }

        errors.Add(new(path, value.ValueKind == JsonValueKind.Number
            ? $"{label}: {name} {Shorten(value.GetRawText())} is too large: must be at most {(name == "minSides" ? RunRequestValidator.MaxMinSides : RunRequestValidator.MaxMinVolume).ToString(CultureInfo.InvariantCulture)}."
            : $"{label}: {name} {Shorten(value.GetRawText())} is not a number."));
        ok = false;
        return null;
    }

    private static DateOnly? ReadDate(JsonElement root, string name, List<FieldError> errors)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && TryText(value, out var text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new(name, $"{name} {Shorten(value.GetRawText())} is not a date written yyyy-MM-dd."));
        return null;
    }

    private static bool? ReadBool(JsonElement root, string name, List<FieldError> errors)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add(new(name, $"{name} {Shorten(value.GetRawText())} must be true or false."));
        return null;
    }

    private static int? ReadInt(JsonElement root, string name, List<FieldError> errors)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i))
        {
            return i;
        }

        errors.Add(new(name, $"{name} {Shorten(value.GetRawText())} is not a whole number."));
        return null;
    }

    private static List<string>? ReadStrings(JsonElement root, string name, List<FieldError> errors, out bool given)
    {
        given = TryGet(root, name, out var value);
        if (!given)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, $"must be an array of strings (got {Shorten(value.GetRawText())})."));
            return null;
        }

        var list = new List<string>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String && TryText(element, out var text))
            {
                list.Add(text);
            }
            else
            {
                errors.Add(new($"{name}[{index}]", $"{Shorten(element.GetRawText())} is not a string."));
            }

            index++;
        }

        return list;
    }

    private static UndisclosedPrice? ReadUndisclosedPrice(JsonElement root, string name, List<FieldError> errors)
    {
        if (!TryGet(root, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryText(value, out var text) && UndisclosedPrices.TryParse(text, out var parsed))
        {
            return parsed;
        }

        errors.Add(new(name, $"{name} {Shorten(value.GetRawText())} must be one of {string.Join(", ", UndisclosedPrices.Names.Select(n => $"'{n}'"))}."));
        return null;
    }

    /// <summary>
    /// Roster rows <c>{"advertiserId": number or string, "nrdsId": string or number}</c>; every bad row is named
    /// (<c>roster[3].nrdsId</c>). The row rules themselves (required, well formed) are <see cref="RunRequestValidator"/>'s.
    /// </summary>
    private static List<RosterEntry>? ReadRoster(JsonElement root, string name, List<FieldError> errors, out bool given)
    {
        given = TryGet(root, name, out var value);
        if (!given)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, "must be an array of rows {\"advertiserId\", \"nrdsId\"}."));
            return null;
        }

        var list = new List<RosterEntry>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var path = $"{name}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "must be a row {\"advertiserId\", \"nrdsId\"} (an advertiser id alone is not enough: get-profile needs the NRDS id too)."));
                list.Add(new RosterEntry("", null)); // keeps the indexes of the rows after it
                continue;
            }

            var ok = KnownFieldsOnce(element, RosterFields, path, errors);

            var advertiserId = ReadIdText(element, "advertiserId", $"{path}.advertiserId", errors, ref ok);
            var nrdsId = ReadIdText(element, "nrdsId", $"{path}.nrdsId", errors, ref ok);
            list.Add(new RosterEntry(advertiserId ?? "", nrdsId));
        }

        return list;
    }

    /// <summary>A string, or a whole number as its digits; null when absent (the validator names a missing id).</summary>
    private static string? ReadIdText(JsonElement row, string name, string path, List<FieldError> errors, ref bool ok)
    {
        if (!TryGet(row, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && TryText(value, out var text))
        {
            return text;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= 0)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        errors.Add(new(path, "must be a string or a whole number."));
        ok = false;
        return null;
    }
}
