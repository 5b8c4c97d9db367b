namespace PropGrade.Core.Estimates;

/// <summary>What a run of the estimated size costs to run (the port; the AWS host implements it with its cost model; locally there is none).</summary>
public interface IRunCostModel
{
    RunCost Estimate(RunCostQuestion question);
}
