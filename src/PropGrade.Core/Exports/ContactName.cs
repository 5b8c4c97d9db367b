namespace PropGrade.Core.Exports;

/// <summary>
/// Splits an agent's name as the listing API gives it (<c>person_name</c>) into the first and last name a CRM wants:
/// "Dana Q. Whitfield" → Dana Q. / Whitfield; "Whitfield, Dana" → Dana / Whitfield; "Ludwig van Beethoven" → Ludwig /
/// van Beethoven; "John Smith Jr." → John / Smith Jr.; "Dr. Jane Doe" → Jane / Doe; "Jane Doe, CRS" → Jane / Doe. A single
/// word, or a name that is a team or company ("The Smith Team"), goes whole into the last name (Salesforce requires a
/// last name; HubSpot needs neither).
/// </summary>
public static class ContactName
{
    private static readonly HashSet<string> Prefixes = new(StringComparer.OrdinalIgnoreCase) { "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr." };

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase) { "jr", "jr.", "sr", "sr.", "ii", "iii", "iv" };

    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "der", "den", "de", "da", "das", "dos", "del", "della", "di", "du", "la", "le", "st", "st.", "san", "ter", "ten", "bin", "al", "el",
    };

    /// <summary>Professional designations written after a name ("Jane Doe, CRS, GRI"), dropped from the contact's name.</summary>
    private static readonly HashSet<string> Designations = new(StringComparer.OrdinalIgnoreCase)
    {
        "abr", "abrm", "ahwd", "alhs", "asp", "c2ex", "ccim", "cdpe", "cips", "clhms", "cne", "cpa", "crb", "crs", "e-pro", "epro", "esq", "esq.",
        "gri", "green", "mba", "mrp", "pa", "p.a.", "phd", "ph.d.", "psa", "realtor", "rene", "rsps", "sfr", "sres", "srs", "broker",
    };

    private static readonly string[] Groups = ["team", "group", "realty", "associates", "properties", "partners", "llc", "inc", "inc."];

    /// <summary>The first and last name; both empty for an empty name.</summary>
    public static (string First, string Last) Split(string? fullName)
    {
        var name = string.Join(' ', (fullName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (name.Length == 0)
        {
            return ("", "");
        }

        var comma = name.IndexOf(',', StringComparison.Ordinal);
        string? suffix = null;
        if (comma > 0)
        {
            var before = name[..comma].Trim();
            var after = name[(comma + 1)..].Trim().Trim(',').Trim();
            if (after.Length == 0 || IsDesignation(after))
            {
                // "Jane Doe, Jr." keeps the suffix; "Jane Doe, CRS, GRI" drops designations.
                suffix = after.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(Suffixes.Contains);
                name = before;
            }
            else if (before.Length > 0 && !before.Contains(' ', StringComparison.Ordinal))
            {
                // "Whitfield, Dana Q." (last name first).
                return (after, before);
            }
        }

        var tokens = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (tokens.Count > 1 && Groups.Contains(tokens[^1].ToLowerInvariant()))
        {
            return ("", name);
        }

        return SplitTokens(tokens, suffix);
    }

    private static (string First, string Last) SplitTokens(List<string> tokens, string? suffix)
    {
        while (tokens.Count > 1 && Prefixes.Contains(tokens[0]))
        {
            tokens.RemoveAt(0);
        }

        var suffixes = new List<string>();
        while (tokens.Count > 2 && Suffixes.Contains(tokens[^1]))
        {
            suffixes.Insert(0, tokens[^1]);
            tokens.RemoveAt(tokens.Count - 1);
        }

        if (suffix is not null)
        {
            suffixes.Add(suffix);
        }

        if (tokens.Count == 1)
        {
            return ("", Join(tokens[0], string.Join(' ', suffixes)));
        }

        var lastStart = tokens.Count - 1;
        for (var i = 1; i < tokens.Count - 1; i++)
        {
            if (Particles.Contains(tokens[i]))
            {
                lastStart = i;
                break;
            }
        }

        var firstName = string.Join(' ', tokens.Take(lastStart));
        var lastName = Join(string.Join(' ', tokens.Skip(lastStart)), string.Join(' ', suffixes));
        return (firstName, lastName);
    }

    private static string Join(string a, string b) => b.Length == 0 ? a : a.Length == 0 ? b : a + " " + b;

    /// <summary>True when every word after the comma is a suffix or a real-estate designation (CRS, GRI, ABR, REALTOR®...).</summary>
    private static bool IsDesignation(string text)
    {
        var words = text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0 && words.All(w => Suffixes.Contains(w) || Designations.Contains(w.Trim('®', '™')));
    }
}
