namespace PropGrade.Cli.Requests;

/// <summary>The grading flags of <c>run</c> and <c>regrade</c>, as typed (validated by <see cref="RequestBuilder"/>).</summary>
internal sealed record GradingFlags(
    string? TiersFile,
    string? Since,
    string? AsOf,
    bool IncludeActive,
    string? Select,
    string? Markets,
    string? RosterFile,
    string? MaxPages,
    string? UndisclosedPrice = null)
{
    public bool Any => TiersFile is not null || Since is not null || AsOf is not null || IncludeActive || Select is not null
        || Markets is not null || RosterFile is not null || MaxPages is not null || UndisclosedPrice is not null;
}
