using System.CommandLine;
using System.Globalization;
using PropGrade.Cli.Output;
using PropGrade.Cli.Requests;
using PropGrade.Core.Runs;
using PropGrade.Local;

namespace PropGrade.Cli.Commands;

/// <summary>
/// <c>propgrade run</c>: validates the flags (exit 2 naming every problem, nothing started or written), grades the
/// agents with live progress, prints the run id, status, tier counts and the exports directory (or the record as
/// JSON with <c>--json</c>), and exits 0 / 3 partial / 1 failed. <c>--resume RUNID</c> finishes an interrupted run.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext? context = null)
    {
        var grading = new GradingOptions();
        var engineOptions = new EngineOptions();
        var json = new Option<bool>("--json") { Description = "Print the run record as JSON on stdout (progress goes to stderr)" };
        var resume = new Option<string?>("--resume") { Description = "Finish an interrupted run (agents already graded make no call)" };
        var command = new Command("run", "Grade agents: discover, fetch only what the grade needs, export. Without --api-base it grades the embedded simulator.");
        grading.AddTo(command, scope: true);
        engineOptions.AddTo(command, live: true);
        command.Options.Add(json);
        command.Options.Add(resume);
        command.SetAction((parse, ct) => ExecuteAsync(context ?? CliContext.FromConsole(), grading.Read(parse), engineOptions, parse, parse.GetValue(json), parse.GetValue(resume), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, GradingFlags flags, EngineOptions engineFlags, ParseResult parse, bool json, string? resume, CancellationToken ct)
    {
        var problems = new List<string>();
        var options = engineFlags.Read(parse, problems, live: true);
        if (resume is not null && flags.Any)
        {
            problems.Add("--resume: a resumed run keeps its own request; give no grading flags with it.");
        }

        if (resume is not null && !RunIds.IsWellFormed(resume))
        {
            problems.Add($"--resume: '{resume}' is not a run id.");
        }

        if (problems.Count > 0 || options is null)
        {
            if (resume is null)
            {
                // Name the grading flags' problems too, checked against the UTC date (the source's today needs the engine).
                AllFlagProblems.Build(flags, AllFlagProblems.Offline(TimeProvider.System), baseRequest: null, problems);
            }

            return BadInput(context, problems);
        }

        context.ConfigureEngine?.Invoke(options);
        if (resume is not null && DataDirFlag.NoRunThere("--resume", resume, options.DataDir) is { } noData)
        {
            return BadInput(context, [noData]);
        }

        var dataDir = Path.GetFullPath(options.DataDir);
        var dataDirExisted = Directory.Exists(dataDir);
        LocalEngine engine;
        try
        {
            engine = new LocalEngine(options);
        }
        catch (ArgumentException ex)
        {
            return BadInput(context, [ex.Message]);
        }

        var exit = await ExecuteWithEngineAsync(context, engine, flags, json, resume, ct);
        if (exit == ExitCodes.BadInput && !dataDirExisted && Directory.Exists(dataDir) && !Directory.EnumerateFileSystemEntries(dataDir).Any())
        {
            // Bad input writes nothing: not even the (empty) data directory the engine prepared.
            Directory.Delete(dataDir);
        }

        return exit;
    }

    private static async Task<int> ExecuteWithEngineAsync(CliContext context, LocalEngine engine, GradingFlags flags, bool json, string? resume, CancellationToken ct)
    {
        var problems = new List<string>();
        await using (engine)
        {
            string runId;
            if (resume is not null)
            {
                var existing = await engine.Runs.GetAsync(resume, ct);
                if (existing is null)
                {
                    return BadInput(context, [$"--resume: no run '{resume}' in {engine.DataDir}."]);
                }

                if (existing.Status is RunStatus.Queued or RunStatus.Running or RunStatus.Failed or RunStatus.Partial
                    && LocalEngine.RevisionProblem(existing, "resumed") is { } problem)
                {
                    return BadInput(context, [$"--resume: {problem}"]);
                }

                runId = resume;
                await context.Error.WriteLineAsync($"Resuming run {runId} ({RunPrinter.Status(existing.Status)})");
            }
            else
            {
                var defaults = await engine.GetDefaultsAsync(ct);
                var request = AllFlagProblems.Build(flags, defaults, baseRequest: null, problems);
                if (request is null)
                {
                    return BadInput(context, problems);
                }

                var connection = await engine.ConnectAsync(ct);
                if (await engine.ApiKeyHolderAsync(ct) is { } holder)
                {
                    // One active run per API key: refused before anything is stored.
                    return BadInput(context, [$"the API key is in use by {holder.Describe()}. One run per API key at a time: try again when it has finished."]);
                }

                runId = await engine.SubmitAsync(request, RunTrigger.Cli, ct);
                await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Run {runId}: grading {Scope(request)} against {connection.Description}"));
            }

            return await ExecuteRunAsync(context, engine, runId, json, ct);
        }
    }

    /// <summary>Executes a stored run with progress and prints the outcome; shared with <c>regrade</c>.</summary>
    internal static async Task<int> ExecuteRunAsync(CliContext context, LocalEngine engine, string runId, bool json, CancellationToken ct)
    {
        RunRecord record;
        try
        {
            record = await new ProgressRenderer(context).RunAsync(progress => engine.ExecuteAsync(runId, progress, ct));
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync($"Interrupted. Finish it with: propgrade run --resume {runId} --data-dir \"{engine.DataDir}\"");
            return ExitCodes.Failure;
        }
        catch (RunLeaseHeldException held)
        {
            // A second executor of the same run: it says who holds it and does nothing.
            await context.Error.WriteLineAsync("error: " + held.Message);
            return ExitCodes.BadInput;
        }
        catch (ApiKeyLockedException locked)
        {
            await context.Error.WriteLineAsync("error: " + locked.Message);
            return ExitCodes.BadInput;
        }

        var exportsDirectory = engine.FileExports.DirectoryOf(runId);
        if (json)
        {
            RunPrinter.Json(context.Out, record);
        }
        else
        {
            RunPrinter.Summary(context.Out, record, exportsDirectory);
        }

        return ExitCodes.For(record.Status);
    }

    internal static int BadInput(CliContext context, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            context.Error.WriteLine($"error: {problem}");
        }

        context.Error.WriteLine("Nothing was run.");
        return ExitCodes.BadInput;
    }

    private static string Scope(RunRequest request) =>
        request.Roster is { } roster ? $"a roster of {roster.Count:N0} agents" : $"{request.Markets?.Count ?? 0:N0} markets";
}
