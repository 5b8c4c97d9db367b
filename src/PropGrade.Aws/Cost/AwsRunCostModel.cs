using System.Globalization;
using PropGrade.Core.Estimates;

namespace PropGrade.Aws.Cost;

/// <summary>
/// The estimate's cost on AWS (<see cref="IRunCostModel"/>), from <see cref="AwsCostModel"/> at list prices
/// (<see cref="AwsPriceList"/>) with the stack's batch size and concurrency.
/// </summary>
public sealed class AwsRunCostModel(int agentsPerBatch, int maxConcurrency, AwsPriceList? prices = null) : IRunCostModel
{
    private readonly AwsPriceList _prices = prices ?? new AwsPriceList();

    public RunCost Estimate(RunCostQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var agents = (int)Math.Clamp(question.Agents, 1, int.MaxValue);
        var listingCalls = Math.Max(0, question.ApiCalls - question.DiscoveryCalls);
        var perAgent = (double)listingCalls / agents;
        var inputs = new RunCostInputs
        {
            Agents = agents,
            // The model's floor is one call per agent (its batches' Lambda time is paced by the calls).
            CallsPerAgent = Math.Max(1, perAgent),
            DiscoveryCalls = (int)Math.Min(question.DiscoveryCalls, int.MaxValue),
            AgentsPerBatch = Math.Max(1, agentsPerBatch),
            MaxConcurrency = Math.Max(1, maxConcurrency),
            RequestsPerSecond = question.RequestsPerSecond > 0 ? question.RequestsPerSecond : 1,
        };
        var estimate = AwsCostModel.Estimate(inputs, _prices);
        return new RunCost(
            estimate.Total,
            [.. estimate.Lines.Select(l => new RunCostItem(l.Service, l.Quantity, l.Dollars))],
            string.Create(CultureInfo.InvariantCulture, $"us-east-1 list prices; {inputs.AgentsPerBatch} agents per batch, concurrency {inputs.MaxConcurrency}; plus ${estimate.SecretPerMonth:0.00}/month for the API key secret."));
    }
}
