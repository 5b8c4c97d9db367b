namespace PropGrade.Core.Runs;

/// <summary>One validation problem: <paramref name="Field"/> is a JSON path such as <c>tiers[1].minVolume</c> or <c>soldSince</c>.</summary>
public sealed record FieldError(string Field, string Message);
