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
        ["tiers", "soldSince", "asOf", "includeActive", "selectedTiers", "markets", "roster", "maxPages", "undisclosedPrice"];

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
        var asOf = ReadDate(root, "asOf", errors) ?? defaults.Today;
        var soldSince = ReadDate(root, "soldSince", errors) ?? DefaultSoldSince(asOf);
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

        var request = new RunRequest(tiers, soldSince, asOf, includeActive, selected, markets, roster, maxPages, undisclosedPrice);
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
            errors.Add(new("tiers", "must be an array of tiers."));
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
                errors.Add(new(path, "must be an object with name, minVolume and/or minSides."));
                ok = false;
                continue;
            }

            ok &= KnownFieldsOnce(element, TierFields, path, errors);

            string name = "";
            if (element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
            {
                name = n.GetString() ?? "";
            }
            else if (element.TryGetProperty("name", out n) && n.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new($"{path}.name", "must be a string."));
                ok = false;
            }

            var minVolume = ReadDecimal(element, "minVolume", $"{path}.minVolume", errors, ref ok);
            var minSides = ReadDecimal(element, "minSides", $"{path}.minSides", errors, ref ok);
            tiers.Add(new(name, minVolume, minSides));
        }

        return ok ? tiers : tiers.Count > 0 ? tiers : null;
    }

    private static decimal? ReadDecimal(JsonElement element, string name, string path, List<FieldError> errors, ref bool ok)
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
            ? $"is too large: must be at most {(name == "minSides" ? RunRequestValidator.MaxMinSides : RunRequestValidator.MaxMinVolume).ToString(CultureInfo.InvariantCulture)}."
            : "must be a number."));
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
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add(new(name, "must be a date written yyyy-MM-dd."));
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

        errors.Add(new(name, "must be true or false."));
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

        errors.Add(new(name, "must be a whole number."));
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
            errors.Add(new(name, "must be an array of strings."));
            return null;
        }

        var list = new List<string>();
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                list.Add(element.GetString()!);
            }
            else
            {
                errors.Add(new($"{name}[{index}]", "must be a string."));
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

        if (value.ValueKind == JsonValueKind.String && UndisclosedPrices.TryParse(value.GetString(), out var parsed))
        {
            return parsed;
        }

        errors.Add(new(name, $"must be one of {string.Join(", ", UndisclosedPrices.Names.Select(n => $"'{n}'"))}."));
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

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
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
