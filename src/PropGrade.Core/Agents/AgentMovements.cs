namespace PropGrade.Core.Agents;

/// <summary>The movement filter's values: the aggregation's <c>up</c>, <c>down</c>, <c>same</c>, <c>new</c>, and <c>none</c> for a row compared with nothing.</summary>
public static class AgentMovements
{
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = ["up", "down", "same", "new", None];
}
