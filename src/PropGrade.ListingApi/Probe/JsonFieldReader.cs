using System.Globalization;
using System.Text.Json;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// Reads one field of a JSON object into its <see cref="FieldTally"/>: present (by type), missing (with a hint of what
/// the object holds instead), or of another type. Numbers sent as numeric strings are accepted, as the mapper reads them.
/// </summary>
internal static class JsonFieldReader
{
    private const int MaxNamesListed = 8;

    /// <summary>
    /// The value of <paramref name="name"/> in <paramref name="parent"/> when it is present with an accepted type and
    /// not null; otherwise null (the tally says why).
    /// </summary>
    /// <param name="tally">The field's tally.</param>
    /// <param name="parent">The object holding the field.</param>
    /// <param name="parentPath">The parent's concrete path (e.g. <c>data.forSold.results[3]</c>); empty for the root.</param>
    /// <param name="name">The field's name.</param>
    public static JsonElement? Read(FieldTally tally, JsonElement parent, string parentPath, string name)
    {
        var at = Join(parentPath, name);
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            tally.Absent(at, Hint(parent, parentPath, name));
            return null;
        }

        return Accept(tally, value, at);
    }

    /// <summary>Tallies an array element (or any value already in hand) at <paramref name="at"/>.</summary>
    public static JsonElement? Accept(FieldTally tally, JsonElement value, string at)
    {
        var kind = JsonKindsText.KindOf(value);
        if (kind == JsonKinds.String && !tally.Accepted.HasFlag(JsonKinds.String) && tally.Accepted.HasFlag(JsonKinds.Number))
        {
            // The mapper reads numbers from strings ("615000"), but not from anything else.
            if (decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                tally.Present(JsonKinds.String);
                return value;
            }

            tally.BadValue(at, $"is the string '{Short(value.GetString())}', expected {JsonKindsText.Describe(tally.Accepted)}", kind);
            return null;
        }

        if (!tally.Accepted.HasFlag(kind))
        {
            tally.WrongType(at, kind);
            return null;
        }

        tally.Present(kind);
        return kind == JsonKinds.Null ? null : value;
    }

    public static string Join(string parentPath, string name) => parentPath.Length == 0 ? name : parentPath + "." + name;

    public static string Short(string? text) => text is null ? "null" : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    /// <summary>
    /// What the object holds instead of <paramref name="name"/>: the fields sharing the most words with it ("is the field
    /// renamed? saw description.last_sold_price"), else the fields it has.
    /// </summary>
    internal static string? Hint(JsonElement parent, string parentPath, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var names = parent.EnumerateObject().Select(p => p.Name).Where(n => n != name).ToList();
        var where = LastSegment(parentPath);
        if (names.Count == 0)
        {
            return where.Length == 0 ? "the body is an empty object" : $"{where} is an empty object";
        }

        var wanted = Words(name);
        var scored = names.Select(n => (Name: n, Shared: Words(n).Count(wanted.Contains))).Where(s => s.Shared > 0).ToList();
        if (scored.Count > 0)
        {
            var best = scored.Max(s => s.Shared);
            var similar = scored.Where(s => s.Shared == best).Select(s => Join(where, s.Name));
            return $"is the field renamed? saw {string.Join(", ", similar)}";
        }

        var listed = string.Join(", ", names.Take(MaxNamesListed)) + (names.Count > MaxNamesListed ? ", ..." : string.Empty);
        return where.Length == 0 ? $"the body has {listed}" : $"{where} has {listed}";
    }

    private static string LastSegment(string path)
    {
        if (path.Length == 0)
        {
            return string.Empty;
        }

        return path[(path.LastIndexOf('.') + 1)..];
    }

    /// <summary>The lower-case words of a snake_case or camelCase name.</summary>
    private static HashSet<string> Words(string name)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = c is '_' or '-' || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
