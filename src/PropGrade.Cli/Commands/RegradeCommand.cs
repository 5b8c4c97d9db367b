using System.CommandLine;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade regrade RUNID [grading flags]</c>: grades a finished run's agents again from its stored raw responses,
/// with zero API calls. Omitted flags keep the source run's values, so no flags reproduces its exports byte for byte.
/// Agents whose raw data cannot answer the new plan (e.g. a wider window) are listed and marked <c>no_raw_data</c>.
/// </summary>
internal static class RegradeCommand
{
    /// <summary>How many agents without raw data are listed by id.</summary>
    public const int ListedMissing = 20;

    public static Command Create(CliContext? context = null)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run whose raw responses to grade again" };
        var grading = new GradingOptions();
        var engineOptions = new EngineOptions();
        var json = new Option<bool>("--json") { Description = "Print the run record as JSON on stdout" };
        var command = new Command("regrade", "Grade a run again from its stored raw responses (zero API calls).") { runId };
        grading.AddTo(command, scope: false);
        engineOptions.AddTo(command, live: false);
        command.Options.Add(json);
        command.SetAction((parse, ct) => ExecuteAsync(context ?? CliContext.FromConsole(), parse.GetValue(runId)!, grading.Read(parse), engineOptions, parse, parse.GetValue(json), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string sourceRunId, GradingFlags flags, EngineOptions engineFlags, ParseResult parse, bool json, CancellationToken ct)
    {
        var problems = new List<string>();
        var options = engineFlags.Read(parse, problems, live: false);
        if (!RunIds.IsWellFormed(sourceRunId))
        {
            problems.Insert(0, $"RUNID: '{sourceRunId}' is not a run id.");
        }

        if (problems.Count > 0 || options is null)
        {
            return RunCommand.BadInput(context, problems);
        }

        context.ConfigureEngine?.Invoke(options);
        if (DataDirFlag.NoRunThere("RUNID", sourceRunId, options.DataDir) is { } noData)
        {
            return RunCommand.BadInput(context, [noData]);
        }

        await using var engine = new LocalEngine(options);
        var source = await engine.Runs.GetAsync(sourceRunId, ct);
        if (source is null)
        {
            return RunCommand.BadInput(context, [$"RUNID: no run '{sourceRunId}' in {engine.DataDir}."]);
        }

        if (LocalEngine.RevisionProblem(source, "regraded") is { } problem)
        {
            return RunCommand.BadInput(context, [$"RUNID: {problem}"]);
        }

        var today = source.ApiToday ?? source.Request.AsOf;
        var request = AllFlagProblems.Build(flags, new RunDefaults(today, source.Request.Markets ?? []), source.Request, problems);
        if (request is null)
        {
            return RunCommand.BadInput(context, problems);
        }

        string runId;
        try
        {
            runId = await engine.SubmitRegradeAsync(sourceRunId, request, RunTrigger.Cli, ct);
        }
        catch (RunRequestInvalidException ex)
        {
            return RunCommand.BadInput(context, ex.Errors.Select(e => $"{RequestBuilder.FlagFor(e.Field)} ({e.Field}): {e.Message}"));
        }

        await context.Error.WriteLineAsync($"Run {runId}: regrading {sourceRunId} from its raw responses (no API calls)");
        var exit = await RunCommand.ExecuteRunAsync(context, engine, runId, json, ct);
        var missing = new List<string>();
        await foreach (var result in engine.Workspace.ReadResultsAsync(runId, ct))
        {
            if (result.StopReason == StopReasons.NoRawData)
            {
                missing.Add(result.AdvertiserId);
            }
        }

        if (missing.Count > 0)
        {
            await context.Error.WriteLineAsync(
                $"{missing.Count:N0} agents lack raw data for this plan (stop_reason no_raw_data); they are marked incomplete, not under-counted: "
                + string.Join(", ", missing.Take(ListedMissing)) + (missing.Count > ListedMissing ? ", ..." : "")
                + ". A new `propgrade run` with these parameters fetches what they need.");
        }

        return exit;
    }
}
