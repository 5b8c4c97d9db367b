namespace PropGrade.Core.Exports;

/// <summary>
/// Unique, valid worksheet names: at most 31 characters, none of <c>[ ] : * ? / \</c>, no control character, no
/// leading or trailing apostrophe, not Excel's reserved "History", unique ignoring case. A name already taken gets
/// " (2)", " (3)", ... (shortened to fit), which is also how a tier's continuation sheets are named.
/// </summary>
internal sealed class SheetNames
{
    public const int MaxLength = 31;

    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase) { "History" };

    /// <summary>Takes <paramref name="wanted"/> (cleaned), or the first free "wanted (n)".</summary>
    public string Claim(string wanted)
    {
        var name = Clean(wanted);
        if (_taken.Add(name))
        {
            return name;
        }

        for (var n = 2; ; n++)
        {
            var suffix = $" ({n})";
            var candidate = Fit(name, MaxLength - suffix.Length) + suffix;
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    internal static string Clean(string wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var chars = wanted.Select(ch => ch is '[' or ']' or ':' or '*' or '?' or '/' or '\\' || char.IsControl(ch) ? '_' : ch).ToArray();
        var cleaned = new string(chars).Trim().Trim('\'');
        cleaned = cleaned.Length == 0 ? "Sheet" : cleaned;
        return Fit(cleaned, MaxLength);
    }

    /// <summary>At most <paramref name="length"/> UTF-16 units, never cutting a surrogate pair in half.</summary>
    private static string Fit(string name, int length)
    {
        if (name.Length <= length)
        {
            return name;
        }

        var cut = char.IsHighSurrogate(name[length - 1]) ? length - 1 : length;
        return name[..cut].TrimEnd().TrimEnd('\'');
    }
}
