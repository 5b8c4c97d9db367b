namespace PropGrade.Core.Api;

/// <summary>An inclusive whole-number range on the wire: <c>{"min", "max"}</c>.</summary>
internal sealed record RangeDto(int Min, int Max);
