using System.Globalization;
using System.Security.Cryptography;

namespace PropGrade.Core.Runs;

/// <summary>Sortable run ids: <c>20261123T210000Z-ab12cd</c> (UTC start second, then 6 random hex digits).</summary>
public static class RunIds
{
    public static string New(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    }

    /// <summary>
    /// The id of the scheduled run that fired at <paramref name="firedAt"/>: <c>20270101T060000Z-schedule</c>. Derived from
    /// the event's time alone, so a duplicated delivery of the same event names the same run and starts nothing twice.
    /// </summary>
    public static string ForSchedule(DateTimeOffset firedAt) =>
        firedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-schedule";

    /// <summary>True for ids safe to use as a path segment or object key (letters, digits, '-', '_', '.').</summary>
    public static bool IsWellFormed(string? runId) =>
        !string.IsNullOrEmpty(runId) && runId.Length <= 64 && runId[0] != '.'
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
