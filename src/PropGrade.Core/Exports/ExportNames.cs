using System.Globalization;
using System.Text;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// The export files of <c>contracts/runs-api.md</c>: their stored names (stable: <c>runs/{runId}/exports/graded.csv</c>
/// locally and in S3) and the names they download under, after the run: <c>propgrade-{name or date}-graded.xlsx</c>.
/// </summary>
public static class ExportNames
{
    public const string GradedCsv = "graded.csv";
    public const string GradedXlsx = "graded.xlsx";
    public const string ContactsCsv = "contacts.csv";
    public const string SummaryJson = "summary.json";

    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string JsonContentType = "application/json";

    /// <summary>The longest slug of a run name used in a download name.</summary>
    public const int MaxSlugLength = 60;

    /// <summary>Every export, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } = [GradedCsv, GradedXlsx, ContactsCsv, SummaryJson];

    /// <summary>
    /// The name a file downloads under: <c>propgrade-{slug}-{file name}</c>, the slug being the run's name made safe
    /// (<see cref="Slug"/>: "Q4 2026 Texas" → <c>q4-2026-texas</c>) or, for a run without one, its window's end date
    /// (<c>2026-11-23</c>). <c>graded.xlsx</c> of "Q4 2026 Texas" downloads as <c>propgrade-q4-2026-texas-graded.xlsx</c>.
    /// </summary>
    public static string DownloadName(RunRecord record, string fileName)
    {
        ArgumentNullException.ThrowIfNull(record);
        return DownloadName(record.Request.Name, record.Window().AsOf, fileName);
    }

    /// <inheritdoc cref="DownloadName(RunRecord, string)"/>
    public static string DownloadName(string? runName, DateOnly asOf, string fileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        var slug = runName is null ? "" : Slug(runName);
        if (slug.Length == 0)
        {
            slug = asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return $"propgrade-{slug}-{fileName}";
    }

    /// <summary>
    /// A name as a file-name part: lower-case ASCII letters and digits, accents dropped ("Señor" → <c>senor</c>),
    /// every other run of characters one '-', no '-' at either end, at most <see cref="MaxSlugLength"/> characters;
    /// empty when nothing of the name is left.
    /// </summary>
    public static string Slug(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(Math.Min(name.Length, MaxSlugLength));
        var dash = false;
        foreach (var original in name)
        {
            var c = Fold(original);
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (dash && builder.Length > 0)
                {
                    builder.Append('-');
                }

                dash = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                dash = true;
            }

            if (builder.Length >= MaxSlugLength)
            {
                break;
            }
        }

        return builder.ToString(0, Math.Min(builder.Length, MaxSlugLength)).Trim('-');
    }

    /// <summary>
    /// Latin letters with accents as their base letter ("ñ" → 'n'). A table, not Unicode decomposition: the build runs
    /// with invariant globalization, where <see cref="string.Normalize()"/> leaves text as it is.
    /// </summary>
    private static char Fold(char c)
    {
        const string accented = "ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįıĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠśŝşšŢŤŦţťŧÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűųŴŵÝŸŶýÿŷŹŻŽźżžß";
        const string plain = "AAAAAAAAAaaaaaaaaaCCCCCcccccDDddEEEEEEEEEeeeeeeeeeGGGGggggHHhhIIIIIIIIIiiiiiiiiiJjKkLLLLLlllllNNNNnnnnOOOOOOOOOoooooooooRRRrrrSSSSssssTTTtttUUUUUUUUUUuuuuuuuuuuWwYYYyyyZZZzzzs";
        var index = c < 'À' ? -1 : accented.IndexOf(c, StringComparison.Ordinal);
        return index >= 0 ? plain[index] : c;
    }
}
