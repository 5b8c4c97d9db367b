using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Core.Runs;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade runs</c> (or <c>runs list</c>: newest first, readable in 80 columns) and <c>propgrade runs show RUNID</c>,
/// from the local batch table.
/// </summary>
internal static class RunsCommand
{
    public static Command Create(CliContext? context = null)
    {
        var (dataDir, json, limit) = ListOptions();
        var command = new Command("runs", "List runs, newest first (the same as runs list), or show one run's record.") { dataDir, json, limit };
        command.SetAction((parse, ct) => ListAsync(context ?? CliContext.FromConsole(), parse, dataDir, json, limit, ct));
        command.Subcommands.Add(CreateList(context));
        command.Subcommands.Add(CreateShow(context));
        return command;
    }

    private static (Option<string> DataDir, Option<bool> Json, Option<int> Limit) ListOptions() => (
        DataDirOption(),
        new Option<bool>("--json") { Description = "Print the records as a JSON array" },
        new Option<int>("--limit") { Description = "How many runs, newest first", DefaultValueFactory = _ => 50, HelpName = "N" });

    private static Command CreateList(CliContext? context)
    {
        var (dataDir, json, limit) = ListOptions();
        var command = new Command("list", "List runs, newest first: id, status, window, markets, name and tier counts.") { dataDir, json, limit };
        command.SetAction((parse, ct) => ListAsync(context ?? CliContext.FromConsole(), parse, dataDir, json, limit, ct));
        return command;
    }

    private static async Task<int> ListAsync(CliContext ctx, ParseResult parse, Option<string> dataDir, Option<bool> json, Option<int> limit, CancellationToken ct)
    {
        var problems = new List<string>();
        if (!DataDirFlag.Check(parse.GetValue(dataDir), problems))
        {
            return RunCommand.BadInput(ctx, problems);
        }

        var options = Options(parse.GetValue(dataDir)!, ctx);
        if (!DataDirectory.HasData(options.DataDir))
        {
            // Nothing to list, and nothing created.
            await ctx.Out.WriteLineAsync(parse.GetValue(json) ? "[]" : $"No runs in {Path.GetFullPath(options.DataDir)}.");
            return ExitCodes.Succeeded;
        }

        await using var engine = new LocalEngine(options);
        var runs = await engine.Runs.ListAsync(Math.Max(1, parse.GetValue(limit)), ct);
        if (parse.GetValue(json))
        {
            await ctx.Out.WriteLineAsync(JsonSerializer.Serialize(runs, CoreJsonContext.Indented.IReadOnlyListRunRecord));
            return ExitCodes.Succeeded;
        }

        if (runs.Count == 0)
        {
            await ctx.Out.WriteLineAsync($"No runs in {engine.DataDir}.");
            return ExitCodes.Succeeded;
        }

        RunList.Write(ctx.Out, runs);
        return ExitCodes.Succeeded;
    }

    private static Command CreateShow(CliContext? context)
    {
        var runId = new Argument<string>("RUNID") { Description = "The run's id (propgrade runs lists them)" };
        var dataDir = DataDirOption();
        var json = new Option<bool>("--json") { Description = "Print the record as JSON" };
        var command = new Command("show", "Show one run's record and where its exports are.") { runId, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            var ctx = context ?? CliContext.FromConsole();
            var id = parse.GetValue(runId)!;
            var problems = new List<string>();
            if (!RunIds.IsWellFormed(id))
            {
                problems.Add($"RUNID: '{id}' is not a run id.");
            }

            if (!DataDirFlag.Check(parse.GetValue(dataDir), problems))
            {
                return RunCommand.BadInput(ctx, problems);
            }

            var options = Options(parse.GetValue(dataDir)!, ctx);
            if (problems.Count == 0 && DataDirFlag.NoRunThere("RUNID", id, options.DataDir) is { } noData)
            {
                problems.Add(noData);
            }

            if (problems.Count > 0)
            {
                return RunCommand.BadInput(ctx, problems);
            }

            await using var engine = new LocalEngine(options);
            var record = await engine.Runs.GetAsync(id, ct);
            if (record is null)
            {
                return RunCommand.BadInput(ctx, [$"RUNID: no run '{id}' in {engine.DataDir}."]);
            }

            if (parse.GetValue(json))
            {
                RunPrinter.Json(ctx.Out, record);
            }
            else
            {
                RunPrinter.Summary(ctx.Out, record, engine.FileExports.DirectoryOf(id));
                await ctx.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Created {record.CreatedAt:u}, started {record.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}, finished {record.FinishedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}"));
            }

            return ExitCodes.Succeeded;
        });
        return command;
    }

    private static Option<string> DataDirOption() =>
        new(DataDirFlag.Name) { Description = "Where runs live", DefaultValueFactory = _ => DataDirFlag.Default, HelpName = "DIR" };

    private static LocalEngineOptions Options(string dataDir, CliContext context)
    {
        var options = new LocalEngineOptions { DataDir = dataDir, RawStoreFactory = _ => null };
        context.ConfigureEngine?.Invoke(options);
        return options;
    }
}
