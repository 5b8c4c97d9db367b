namespace PropGrade.Core.Exports;

/// <summary>
/// Keeps exported text from being read as a spreadsheet formula (CSV/formula injection, OWASP): a text value whose
/// first character after any leading spaces is <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return
/// gets a single quote in front, so <c>=HYPERLINK(...)</c> is exported as <c>'=HYPERLINK(...)</c>. The one rule for
/// every export: the CSV writes the neutralised text, and the XLSX writes the same text as a string cell (never a
/// formula), so both show the same. Numbers are typed cells and never pass through here.
/// </summary>
public static class FormulaGuard
{
    /// <summary>The quote put in front of a text that could start a formula.</summary>
    public const char Prefix = '\'';

    /// <summary>True when a spreadsheet could read <paramref name="text"/> as a formula.</summary>
    public static bool IsRisky(ReadOnlySpan<char> text)
    {
        var start = text.TrimStart(' ');
        return !start.IsEmpty && start[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
    }

    /// <summary>The text itself, or the text with <see cref="Prefix"/> in front when it could start a formula.</summary>
    public static string Neutralize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsRisky(text) ? Prefix + text : text;
    }
}
