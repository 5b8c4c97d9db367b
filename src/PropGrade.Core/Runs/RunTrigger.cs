namespace PropGrade.Core.Runs;

/// <summary>What started a run.</summary>
public enum RunTrigger
{
    Cli,
    Api,
    Schedule,
}
