namespace PropGrade.Core.Api;

/// <summary>
/// The sold window a run grades (or graded), on the run record: for a rolling request the months before the API's
/// today of the run (<see cref="RollingMonths"/> set), else the request's dates.
/// </summary>
internal sealed record WindowDto(DateOnly SoldSince, DateOnly AsOf, int? RollingMonths);
