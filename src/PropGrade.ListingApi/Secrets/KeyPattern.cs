using System.Buffers;

namespace PropGrade.ListingApi.Secrets;

/// <summary>
/// Finds the forms of a key in text (<c>char</c>) or in raw bytes (<c>byte</c>) without decoding or allocating. A form
/// is a sequence of units; a unit is one character of the key (or of its base64) with every way it can be written
/// (<c>/</c>, <c>%2F</c>, <c>%2f</c>, <c>\/</c>, <c>\u002F</c>, ...), so any mix of encodings matches. Matching is a
/// depth-first walk over the units from each position where a form can start (found with <see cref="SearchValues{T}"/>).
/// Immutable and thread-safe.
/// </summary>
internal sealed class KeyPattern<T>
    where T : IEquatable<T>
{
    private readonly Dictionary<T, T[][][][]> _formsByStart;
    private readonly SearchValues<T> _starts;
    private readonly T[][] _literals;
    private readonly int _minTail;

    /// <param name="forms">Each form: its units, each unit its alternatives (longest first is preferred).</param>
    /// <param name="starts">The symbols a form can start with.</param>
    /// <param name="literals">Forms whose cut-short prefix is masked at the end of a text (the key as is, its base64).</param>
    /// <param name="minTail">The shortest such prefix masked.</param>
    public KeyPattern(T[][][][] forms, SearchValues<T> starts, T[][] literals, int minTail)
    {
        ArgumentNullException.ThrowIfNull(forms);
        _formsByStart = forms
            .SelectMany(form => form[0].Where(a => a.Length > 0).Select(a => (Start: a[0], Form: form)))
            .GroupBy(p => p.Start)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Form).Distinct().ToArray());
        _starts = starts;
        _literals = literals;
        _minTail = minTail;
    }

    /// <summary>The first match at or after <paramref name="from"/>: its start (or -1) and <paramref name="length"/>; the longest form wins.</summary>
    public int Next(ReadOnlySpan<T> text, int from, out int length)
    {
        var position = from;
        while (position < text.Length)
        {
            var found = text[position..].IndexOfAny(_starts);
            if (found < 0)
            {
                break;
            }

            position += found;
            var best = 0;
            foreach (var form in _formsByStart[text[position]])
            {
                var end = Match(text, position, form, 0);
                if (end - position > best)
                {
                    best = end - position;
                }
            }

            if (best > 0)
            {
                length = best;
                return position;
            }

            position++;
        }

        length = 0;
        return -1;
    }

    /// <summary>How many symbols at the end of <paramref name="text"/> are a prefix (long enough) of a literal form; 0 when none.</summary>
    public int TailPrefix(ReadOnlySpan<T> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        var longest = 0;
        var last = text[^1];
        foreach (var literal in _literals)
        {
            for (var length = Math.Min(literal.Length - 1, text.Length); length >= _minTail && length > longest; length--)
            {
                if (literal[length - 1].Equals(last) && text.EndsWith(literal.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    /// <summary>The end of the form's match from unit <paramref name="unit"/> at <paramref name="position"/>, or -1.</summary>
    private static int Match(ReadOnlySpan<T> text, int position, T[][][] form, int unit)
    {
        if (unit == form.Length)
        {
            return position;
        }

        var rest = text[position..];
        if (rest.IsEmpty)
        {
            return -1;
        }

        var next = rest[0];
        foreach (var alternative in form[unit])
        {
            if (alternative[0].Equals(next) && rest.StartsWith(alternative))
            {
                var end = Match(text, position + alternative.Length, form, unit + 1);
                if (end >= 0)
                {
                    return end;
                }
            }
        }

        return -1;
    }
}
