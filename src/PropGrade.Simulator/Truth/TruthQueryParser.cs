using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PropGrade.Simulator.Truth;

/// <summary>Reads <c>/__sim/truth</c>'s query; every problem is reported in one message (a 400).</summary>
internal static class TruthQueryParser
{
    public static TruthQuery Parse(IQueryCollection query, DateOnly today, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var soldSince = ReadDate(query, "soldSince", today.AddMonths(-12), errors);
        var asOf = ReadDate(query, "asOf", today, errors);
        if (soldSince > asOf)
        {
            errors.Add("soldSince must be <= asOf");
        }

        var includeActive = false;
        var rawActive = query["includeActive"].ToString();
        if (rawActive.Length > 0 && !bool.TryParse(rawActive, out includeActive))
        {
            errors.Add("includeActive must be true or false");
        }

        var tiers = ReadTiers(query["tiers"].ToString(), errors);
        var names = tiers.Select(t => t.Name).ToList();
        IReadOnlyList<string> selected = names;
        var rawSelected = query["selectedTiers"].ToString();
        if (rawSelected.Length > 0)
        {
            selected = [.. rawSelected.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            foreach (var s in selected.Where(s => !names.Contains(s)))
            {
                errors.Add($"selectedTiers: '{s}' is not a tier");
            }

            if (selected.Count == 0)
            {
                errors.Add("selectedTiers must name at least one tier");
            }
        }

        var maxPages = 19;
        var rawMax = query["maxPages"].ToString();
        if (rawMax.Length > 0 && (!int.TryParse(rawMax, NumberStyles.None, CultureInfo.InvariantCulture, out maxPages) || maxPages is < 1 or > 20))
        {
            errors.Add("maxPages must be 1..20");
        }

        IReadOnlyList<string>? markets = null;
        var rawMarkets = query["markets"].ToString();
        if (rawMarkets.Length > 0)
        {
            markets = [.. rawMarkets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            foreach (var m in markets.Where(m => m.Length != 5 || !m.All(char.IsAsciiDigit)))
            {
                errors.Add($"markets: '{m}' is not a 5-digit ZIP code");
            }
        }

        var undisclosed = UndisclosedPrice.ListPrice;
        var rawUndisclosed = query["undisclosedPrice"].ToString();
        if (rawUndisclosed.Length > 0)
        {
            switch (rawUndisclosed)
            {
                case "listPrice":
                    break;
                case "exclude":
                    undisclosed = UndisclosedPrice.Exclude;
                    break;
                default:
                    errors.Add("undisclosedPrice must be listPrice or exclude");
                    break;
            }
        }

        var roster = false;
        var rawRoster = query["roster"].ToString();
        if (rawRoster.Length > 0 && !bool.TryParse(rawRoster, out roster))
        {
            errors.Add("roster must be true or false");
        }

        problems = errors;
        return new TruthQuery(soldSince, asOf, includeActive, tiers, selected, maxPages, markets, undisclosed, roster);
    }

    private static DateOnly ReadDate(IQueryCollection query, string name, DateOnly fallback, List<string> errors)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        errors.Add($"{name} must be a date yyyy-MM-dd");
        return fallback;
    }

    private static List<TruthTier> ReadTiers(string raw, List<string> errors)
    {
        if (raw.Length == 0)
        {
            return [.. TruthQuery.DefaultTiers];
        }

        List<TierInput>? inputs;
        try
        {
            inputs = JsonSerializer.Deserialize(raw, SimulatorJsonContext.Default.ListTierInput);
        }
        catch (JsonException e)
        {
            errors.Add("tiers must be a JSON array of {name, minVolume, minSides}: " + e.Message);
            return [.. TruthQuery.DefaultTiers];
        }

        if (inputs is null || inputs.Count == 0)
        {
            errors.Add("tiers must name at least one tier");
            return [.. TruthQuery.DefaultTiers];
        }

        var tiers = new List<TruthTier>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var t = inputs[i];
            if (string.IsNullOrWhiteSpace(t.Name))
            {
                errors.Add($"tiers[{i}].name is required");
            }
            else if (tiers.Any(x => x.Name == t.Name))
            {
                errors.Add($"tiers[{i}].name '{t.Name}' is repeated");
            }

            if (t.MinVolume is null && t.MinSides is null)
            {
                errors.Add($"tiers[{i}] needs minVolume and/or minSides");
            }

            if (t.MinVolume < 0 || t.MinSides < 0)
            {
                errors.Add($"tiers[{i}] criteria must not be negative");
            }

            tiers.Add(new TruthTier(t.Name ?? string.Empty, t.MinVolume, t.MinSides));
        }

        return tiers;
    }
}
