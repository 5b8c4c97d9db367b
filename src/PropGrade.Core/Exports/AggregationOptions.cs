namespace PropGrade.Core.Exports;

/// <summary>
/// How <see cref="RunAggregator.AggregateAsync"/> sorts rows it cannot hold: at most <see cref="RowsPerRun"/> rows in
/// memory, the sorted runs spilled under <see cref="TempDirectory"/> (locally the data directory's <c>tmp</c>; on AWS
/// the Lambda's <c>/tmp</c>, whose size the stack sets).
/// </summary>
public sealed record AggregationOptions
{
    /// <summary>Where the external sort's private directory is created; null: the system temporary directory.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Rows held in memory before a sorted run is spilled.</summary>
    public int RowsPerRun { get; init; } = ExternalSorter<GradedRow>.DefaultRowsPerRun;

    public static AggregationOptions Default { get; } = new();

    internal string ResolvedTempDirectory => string.IsNullOrEmpty(TempDirectory) ? Path.GetTempPath() : TempDirectory;
}
