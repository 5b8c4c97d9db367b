namespace PropGrade.Core.Exports;

/// <summary>An export file that could not be written, and why.</summary>
public sealed record ExportFailure(string FileName, Exception Exception)
{
    /// <summary><c>graded.xlsx (IOException: No space left on device)</c>.</summary>
    public string Describe() => $"{FileName} ({Exception.GetType().Name}: {Exception.Message})";
}
