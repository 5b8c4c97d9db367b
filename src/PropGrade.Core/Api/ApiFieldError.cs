namespace PropGrade.Core.Api;

/// <summary>
/// One problem in an API error body <c>{"errors":[{"field":…,"message":…}]}</c>. <see cref="Field"/> is the JSON
/// path of the offending input (<c>tiers[1].minVolume</c>, <c>concurrency</c>); empty when the error is not about a field.
/// </summary>
public sealed record ApiFieldError(string Field, string Message);
