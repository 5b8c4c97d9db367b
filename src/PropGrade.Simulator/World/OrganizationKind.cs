namespace PropGrade.Simulator.World;

/// <summary>The non-agent entries <c>/agents/list</c> holds when <c>types</c> does not leave them out.</summary>
internal enum OrganizationKind
{
    Team,
    Office,
}
