namespace PropGrade.Cdk;

/// <summary>
/// The Lambda handler strings (<c>assembly::type::method</c>) of <c>PropGrade.Functions</c>: one class per state.
/// The Functions tests check that each named type exists with a <c>Handler(Stream)</c> method.
/// </summary>
public static class HandlerNames
{
    public const string Prepare = "PropGrade.Functions::PropGrade.Functions.PrepareFunction::Handler";
    public const string Profile = "PropGrade.Functions::PropGrade.Functions.ProfileStageFunction::Handler";
    public const string Active = "PropGrade.Functions::PropGrade.Functions.ActiveStageFunction::Handler";
    public const string Sold = "PropGrade.Functions::PropGrade.Functions.SoldStageFunction::Handler";
    public const string BatchFailed = "PropGrade.Functions::PropGrade.Functions.BatchFailedFunction::Handler";
    public const string Aggregate = "PropGrade.Functions::PropGrade.Functions.AggregateFunction::Handler";
    public const string RunFailed = "PropGrade.Functions::PropGrade.Functions.RunFailedFunction::Handler";
    public const string RunsApi = "PropGrade.Functions::PropGrade.Functions.RunsApiFunction::Handler";
    public const string Schedule = "PropGrade.Functions::PropGrade.Functions.ScheduledRunFunction::Handler";
    public const string ExecutionStatus = "PropGrade.Functions::PropGrade.Functions.ExecutionStatusFunction::Handler";

    public static IReadOnlyList<string> All { get; } =
        [Prepare, Profile, Active, Sold, BatchFailed, Aggregate, RunFailed, RunsApi, Schedule, ExecutionStatus];
}
