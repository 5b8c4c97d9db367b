namespace PropGrade.Architecture.Tests.Violations;

/// <summary>
/// A deliberate breach of "nothing depends on an entry point", kept only so that the rules guarding the entry points
/// are seen to fail on it (<c>Rule_OnAProjectThatBreaksIt_FailsNamingTheOffendingTypes</c>). The CLI has no public
/// type, so a stand-in in its namespace plays its part.
/// </summary>
internal static class EntryPointClient
{
    public static PropGrade.Functions.StartRunFunction? Function { get; set; }

    public static PropGrade.Cdk.PropGradeStack? Stack { get; set; }

    public static PropGrade.Cli.ArchitectureStandIn? Cli { get; set; }
}
