using System.Text.Json;
using PropGrade.Core.Agents;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Exports;

/// <summary>
/// Writes a run's exports to the store, one after another, each streamed straight into the store and published as
/// soon as it is complete: <c>graded.csv</c>, <c>graded.xlsx</c>, <c>contacts.csv</c>, then <c>summary.json</c>
/// (<see cref="ExportNames.All"/>). A failure of one file is caught and reported (the others are still written); only
/// the caller's cancellation stops it. The local orchestrator and the AWS aggregate step both call it.
/// </summary>
public static class RunExporter
{
    /// <param name="rows">The rows in export order; enumerated once per file (graded CSV, XLSX, then contacts CSV).</param>
    /// <param name="details">The workbook's Markets, Dropped and Incomplete sheets (null: headers only).</param>
    public static async Task<ExportReport> ExportAsync(
        IExportStore store, string runId, GradingPlan plan, RunSummary summary, IAsyncEnumerable<GradedRow> rows, ExportOptions options, CancellationToken cancellationToken,
        ExportDetails? details = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var written = new List<string>(ExportNames.All.Count);
        var failures = new List<ExportFailure>();

        async Task WriteAsync(string name, string contentType, Func<Stream, CancellationToken, Task> write)
        {
            try
            {
                await store.WriteStreamAsync(runId, name, contentType, write, cancellationToken).ConfigureAwait(false);
                written.Add(name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new ExportFailure(name, ex));
            }
        }

        await WriteAsync(ExportNames.GradedCsv, ExportNames.CsvContentType, (s, ct) => CsvExportWriter.WriteAsync(s, rows, options, ct)).ConfigureAwait(false);
        await WriteAsync(ExportNames.GradedXlsx, ExportNames.XlsxContentType, (s, ct) => XlsxExportWriter.WriteAsync(s, plan, summary, rows, options, ct, details)).ConfigureAwait(false);
        await WriteAsync(ExportNames.ContactsCsv, ExportNames.CsvContentType, (s, ct) => CsvExportWriter.WriteContactsAsync(s, rows, options, ct)).ConfigureAwait(false);
        await WriteAsync(ExportNames.SummaryJson, ExportNames.JsonContentType, (s, ct) => JsonSerializer.SerializeAsync(s, summary, CoreJsonContext.Indented.RunSummary, ct)).ConfigureAwait(false);
        return new ExportReport(written, failures);
    }

    /// <summary>
    /// The exports of an aggregate, then the run's agents index from every graded row (<see cref="RunAggregate.Agents"/>,
    /// the results table's source) when <paramref name="agents"/> is given. An index that cannot be written is reported
    /// like a failed export (<c>agents index</c>): the run ends PARTIAL and a resume writes it again.
    /// </summary>
    public static async Task<ExportReport> ExportAsync(
        IExportStore store, IRunAgentsIndex? agents, string runId, GradingPlan plan, RunAggregate aggregate, ExportOptions options, CancellationToken cancellationToken)
    {
        var report = await ExportAsync(store, runId, plan, aggregate, options, cancellationToken).ConfigureAwait(false);
        return await WriteIndexAsync(report, agents, runId, plan, aggregate.Agents, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same from a streamed aggregate: each file and the index read the rows from the external sort as they are
    /// written (<see cref="StreamedRunAggregate.Rows"/> once per file, <see cref="StreamedRunAggregate.Agents"/> once).
    /// </summary>
    public static async Task<ExportReport> ExportAsync(
        IExportStore store, IRunAgentsIndex? agents, string runId, GradingPlan plan, StreamedRunAggregate aggregate, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        var report = await ExportAsync(store, runId, plan, aggregate.Summary, aggregate.Rows.ToAsyncEnumerable(), options, cancellationToken, aggregate.Details).ConfigureAwait(false);
        return await WriteIndexAsync(report, agents, runId, plan, aggregate.Agents, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ExportReport> WriteIndexAsync(
        ExportReport report, IRunAgentsIndex? agents, string runId, GradingPlan plan, IEnumerable<GradedRow> rows, CancellationToken cancellationToken)
    {
        if (agents is null)
        {
            return report;
        }

        try
        {
            await agents.WriteAsync(runId, plan, rows, cancellationToken).ConfigureAwait(false);
            return report;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return report with { Failures = [.. report.Failures, new ExportFailure(AgentsIndexName, ex)] };
        }
    }

    /// <summary>How a failed agents-index write is named in the run's error.</summary>
    public const string AgentsIndexName = "agents index";

        /// <summary>The exports of an aggregate (its rows, summary and the workbook's other sheets).</summary>
    public static Task<ExportReport> ExportAsync(IExportStore store, string runId, GradingPlan plan, RunAggregate aggregate, ExportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        return ExportAsync(store, runId, plan, aggregate.Summary, aggregate.Rows.ToAsyncEnumerable(), options, cancellationToken, aggregate.Details);
    }
}
