namespace PropGrade.Cli.Requests;

/// <summary>The grading flags of <c>run</c> and <c>regrade</c>, as typed (validated by <see cref="RequestBuilder"/>).</summary>
/// <param name="RequestFile">A RunRequest JSON file (the shape <c>POST /runs</c> takes); the other flags override its fields.</param>
internal sealed record GradingFlags(
    string? TiersFile,
    string? Since,
    string? AsOf,
    bool IncludeActive,
    string? Select,
    string? Markets,
    string? RosterFile,
    string? MaxPages,
    string? UndisclosedPrice = null,
    string? Name = null,
    string? RollingMonths = null,
    string? RequestFile = null)
{
    public bool Any => TiersFile is not null || Since is not null || AsOf is not null || IncludeActive || Select is not null
        || Markets is not null || RosterFile is not null || MaxPages is not null || UndisclosedPrice is not null
        || Name is not null || RollingMonths is not null || RequestFile is not null;
}
