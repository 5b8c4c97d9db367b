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
        var adoptSource = new Option<bool>("--adopt-source")
        {
            Description = "With --resume, for a run recorded before runs pinned their source: pin this invocation's source (--api-base, or the embedded simulator) to it and go on",
        };
        var command = new Command("run", "Grade agents: discover, fetch only what the grade needs, export. Without --api-base it grades the embedded simulator.");
        grading.AddTo(command, scope: true);
        engineOptions.AddTo(command, live: true);
        command.Options.Add(json);
        command.Options.Add(resume);
        command.Options.Add(adoptSource);
        command.SetAction((parse, ct) => ExecuteAsync(
            context ?? CliContext.FromConsole(), grading.Read(parse), engineOptions, parse, new RunFlags(parse.GetValue(json), parse.GetValue(resume), parse.GetValue(adoptSource)), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, GradingFlags flags, EngineOptions engineFlags, ParseResult parse, RunFlags run, CancellationToken ct)
    {
        var (json, resume) = (run.Json, run.Resume);
        var problems = new List<string>();
        var options = engineFlags.Read(parse, problems, live: true);
        if (run.AdoptSource && resume is null)
        {
            problems.Add("--adopt-source: only with --resume RUNID.");
        }

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

        int exit;
        try
        {
            exit = await ExecuteWithEngineAsync(context, engine, flags, run, ResumeFlags(engine, options), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested || context.Signals?.Stopping.IsCancellationRequested == true)
        {
            // Stopped before a run was created or started: there is nothing to resume.
            await context.Error.WriteLineAsync("Interrupted before the run started; nothing was graded.");
            return context.InterruptedExitCode;
        }

        if (exit == ExitCodes.BadInput && !dataDirExisted && Directory.Exists(dataDir) && !Directory.EnumerateFileSystemEntries(dataDir).Any())
        {
            // Bad input writes nothing: not even the (empty) data directory the engine prepared.
            Directory.Delete(dataDir);
        }

        return exit;
    }

    private static async Task<int> ExecuteWithEngineAsync(CliContext context, LocalEngine engine, GradingFlags flags, RunFlags run, string resumeFlags, CancellationToken ct)
    {
        var (json, resume) = (run.Json, run.Resume);
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

                if (existing.RegradeOf is null && existing.Source is null && run.AdoptSource
                    && existing.Status is RunStatus.Queued or RunStatus.Running or RunStatus.Failed or RunStatus.Partial)
                {
                    await engine.AdoptSourceAsync(resume, ct);
                    existing = await engine.Runs.GetAsync(resume, ct) ?? existing;
                    await context.Error.WriteLineAsync($"Run {resume} is now pinned to {engine.Source.Describe()} (--adopt-source).");
                }

                // Before any connection or call: a run is finished against the source it was created against, or not at all.
                if (existing.Status is RunStatus.Queued or RunStatus.Running or RunStatus.Failed or RunStatus.Partial
                    && existing.RegradeOf is null && engine.SourceProblem(existing) is { } sourceProblem)
                {
                    return BadInput(context, [$"--resume: {sourceProblem}"]);
                }

                runId = resume;
                await context.Error.WriteLineAsync(existing.Status is RunStatus.Partial or RunStatus.Failed
                    ? $"Resuming run {runId} ({RunPrinter.Status(existing.Status)}): agents the API failed are graded again, from their stored pages first"
                    : $"Resuming run {runId} ({RunPrinter.Status(existing.Status)})");
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

            return await ExecuteRunAsync(context, engine, runId, json, ct, resumeFlags);
        }
    }

    /// <summary>Executes a stored run with progress and prints the outcome; shared with <c>regrade</c>.</summary>
    /// <remarks>
    /// A stop (Ctrl+C, SIGINT, SIGTERM; see <see cref="Hosting.ShutdownSignals"/>) lets the agents in flight finish and be
    /// saved, leaves the run RUNNING, prints the command that finishes it and returns 130 (SIGINT) or 143 (SIGTERM).
    /// </remarks>
    internal static async Task<int> ExecuteRunAsync(CliContext context, LocalEngine engine, string runId, bool json, CancellationToken ct, string resumeFlags = "")
    {
        RunRecord record;
        using var abort = context.Signals is { } signals ? CancellationTokenSource.CreateLinkedTokenSource(signals.Aborted) : CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stopping = context.Signals?.Stopping ?? ct;
        try
        {
            record = await new ProgressRenderer(context).RunAsync(progress => engine.ExecuteAsync(runId, progress, stopping, abort.Token));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || abort.IsCancellationRequested)
        {
            var left = await engine.Runs.GetAsync(runId, CancellationToken.None);
            var graded = left is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({left.Counters.AgentsDone:N0} of {left.Counters.AgentsDiscovered:N0} agents graded and saved)");
            await context.Error.WriteLineAsync($"Interrupted: run {runId} stays {RunPrinter.Status(left?.Status ?? RunStatus.Running)}{graded}; nothing graded is lost.");
            await context.Error.WriteLineAsync($"{ResumeHintPrefix}propgrade run --resume {runId} --data-dir \"{engine.DataDir}\"{resumeFlags}");
            await context.Error.FlushAsync(CancellationToken.None);
            return context.InterruptedExitCode;
        }
        catch (RunSourceMismatchException mismatch)
        {
            return BadInput(context, [mismatch.Message]);
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
            if (record.RegradeOf is null && ResumeAdvice(record, exportsDirectory) is { } advice)
            {
                await context.Error.WriteLineAsync(advice);
                await context.Error.WriteLineAsync($"{ResumeHintPrefix}propgrade run --resume {runId} --data-dir \"{engine.DataDir}\"{resumeFlags}");
            }
        }

        return ExitCodes.For(record.Status);
    }

    /// <summary>
    /// Why resuming a finished run helps, or null: a FAILED run goes on where it stopped; a PARTIAL one grades again the
    /// agents the API failed (their stored pages reused, only the missing ones asked). Agents incomplete for good
    /// (<c>no_mls_id</c>, <c>depth_cap</c>) are not retried, so a run with only those gets no advice.
    /// </summary>
    internal static string? ResumeAdvice(RunRecord record, string exportsDirectory)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Status == RunStatus.Failed)
        {
            return "Once the cause is fixed, resuming goes on where the run stopped (agents saved complete make no call; agents the API failed are graded again).";
        }

        var retryable = record.Status == RunStatus.Partial ? RunPrinter.RetryableIncomplete(exportsDirectory) : 0;
        return retryable > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{retryable:N0} incomplete agents were failed by the API: resuming grades them again (their stored pages are reused; only the pages missing are asked).")
            : null;
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

    /// <summary>Printed (on stderr) before the command that finishes an interrupted run.</summary>
    public const string ResumeHintPrefix = "Finish it with: ";

    /// <summary>
    /// The flags a resume needs besides the run id and data directory: the source the run is pinned to (<c>--api-base</c>,
    /// with <c>--api-key-env</c> when not the default; <c>--agents</c> for an embedded world of another size).
    /// </summary>
    private static string ResumeFlags(LocalEngine engine, LocalEngineOptions options)
    {
        if (options.ApiBase is not null)
        {
            var keyEnv = options.ApiKeyEnvironmentVariable == "PROPGRADE_API_KEY" ? "" : " --api-key-env " + options.ApiKeyEnvironmentVariable;
            return $" --api-base {engine.Source.BaseUrl}{keyEnv}";
        }

        return options.Simulator.Agents == new LocalEngineOptions().Simulator.Agents
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $" --agents {options.Simulator.Agents}");
    }

    private static string Scope(RunRequest request) =>
        request.Roster is { } roster ? $"a roster of {roster.Count:N0} agents" : $"{request.Markets?.Count ?? 0:N0} markets";

    /// <summary>The run command's own flags.</summary>
    private sealed record RunFlags(bool Json, string? Resume, bool AdoptSource);
}
