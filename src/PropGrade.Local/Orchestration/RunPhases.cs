namespace PropGrade.Local.Orchestration;

/// <summary>The phases <see cref="RunProgress.Phase"/> reports.</summary>
public static class RunPhases
{
    public const string Discovering = "discovering";
    public const string Grading = "grading";
    public const string Aggregating = "aggregating";
    public const string Finished = "finished";
}
