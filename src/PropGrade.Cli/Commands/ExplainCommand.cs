using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Core.Explain;
using PropGrade.Core.Runs;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade explain RUNID ADVERTISER_ID [--json] [--data-dir DIR]</c>: why an agent got its tier — the tiers against
/// its figures, every listing page read and every listing on it with its verdict, and the totals (equal to the graded
/// row) — from the raw store, with zero API calls. The same service answers <c>GET /runs/{runId}/agents/{advertiserId}</c>.
/// Exit 0 explained, 2 no such run or agent (or the run cannot be explained yet), 1 when the listings read back do not
/// add up to the graded figures.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext? context = null)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run" };
        var advertiserId = new Argument<string>("ADVERTISER_ID") { Description = "The agent's advertiser id" };
        var dataDir = new Option<string>(DataDirFlag.Name) { Description = "Where runs live", DefaultValueFactory = _ => DataDirFlag.Default };
        var json = new Option<bool>("--json") { Description = "Print the explanation as JSON (the API's shape)" };
        var command = new Command("explain", "Show the listings behind one agent's tier, from the raw store (no API call).") { runId, advertiserId, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = context ?? CliContext.FromConsole();
            var id = parse.GetValue(runId)!;
            var agent = parse.GetValue(advertiserId)!;
            var problems = new List<string>();
            if (!RunIds.IsWellFormed(id))
            {
                problems.Add($"RUNID: '{id}' is not a run id.");
            }

            if (!RunRequestValidator.IsId(agent))
            {
                problems.Add($"ADVERTISER_ID: '{agent}' is not an advertiser id (1 to {RunRequestValidator.MaxIdLength} letters or digits).");
            }

            if (DataDirFlag.Check(parse.GetValue(dataDir), problems) && problems.Count == 0
                && DataDirFlag.NoRunThere("RUNID", id, parse.GetValue(dataDir)!) is { } noData)
            {
                problems.Add(noData);
            }

            if (problems.Count > 0)
            {
                return RunCommand.BadInput(ctx, problems);
            }

            var options = new LocalEngineOptions { DataDir = parse.GetValue(dataDir)! };
            ctx.ConfigureEngine?.Invoke(options);
            await using var engine = new LocalEngine(options);
            var result = await engine.Explainer.ExplainAsync(id, agent, ct);
            if (result.Explanation is not { } explanation)
            {
                return RunCommand.BadInput(ctx, [(result.Status == ExplainStatus.NoSuchAgent ? "ADVERTISER_ID: " : "RUNID: ") + result.Message]);
            }

            if (parse.GetValue(json))
            {
                await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(explanation, ExplainJson.Indented.AgentExplanation));
            }
            else
            {
                ExplanationPrinter.Write(ctx.Out, explanation);
            }

            return explanation.MatchesRow ? ExitCodes.Succeeded : ExitCodes.Failure;
        });
        return command;
    }
}
