namespace PropGrade.Cdk;

/// <summary>
/// The Lambda handler strings (<c>assembly::type::method</c>) of <c>PropGrade.Functions</c>: one class per state.
/// The Functions tests check that each named type exists with a <c>Handler(Stream)</c> method.
/// </summary>
public static class HandlerNames
{
    public const string StartRun = "PropGrade.Functions::PropGrade.Functions.StartRunFunction::Handler";
    public const string DiscoverMarket = "PropGrade.Functions::PropGrade.Functions.DiscoverMarketFunction::Handler";
    public const string FinishDiscovery = "PropGrade.Functions::PropGrade.Functions.FinishDiscoveryFunction::Handler";
    public const string GradeBatch = "PropGrade.Functions::PropGrade.Functions.GradeBatchFunction::Handler";
    public const string RecordBatchFailure = "PropGrade.Functions::PropGrade.Functions.RecordBatchFailureFunction::Handler";
    public const string Aggregate = "PropGrade.Functions::PropGrade.Functions.AggregateFunction::Handler";
    public const string RunFailed = "PropGrade.Functions::PropGrade.Functions.RunFailedFunction::Handler";
    public const string RunsApi = "PropGrade.Functions::PropGrade.Functions.RunsApiFunction::Handler";
    public const string Schedule = "PropGrade.Functions::PropGrade.Functions.ScheduledRunFunction::Handler";
    public const string ExecutionStatus = "PropGrade.Functions::PropGrade.Functions.ExecutionStatusFunction::Handler";

    public static IReadOnlyList<string> All { get; } =
        [StartRun, DiscoverMarket, FinishDiscovery, GradeBatch, RecordBatchFailure, Aggregate, RunFailed, RunsApi, Schedule, ExecutionStatus];
}
