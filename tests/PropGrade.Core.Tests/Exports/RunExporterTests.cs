using System.Text;
using PropGrade.Core.Exports;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;
using static PropGrade.Core.Tests.Exports.ExportTestData;

namespace PropGrade.Core.Tests.Exports;

public sealed class RunExporterTests
{
    private static readonly GradedRow[] Rows = [Row(1, "A"), Row(2, "C")];

    [Fact]
    public async Task ExportAsync_WritesCsvXlsxContactsThenSummary_EachAsItsOwnStreamedWrite()
    {
        var store = new RecordingStore();

        var report = await RunExporter.ExportAsync(store, "r1", Plan, Summary(Rows), Rows.ToAsyncEnumerable(), ExportOptions.Default, CancellationToken.None);

        Assert.Equal(ExportNames.All, store.Streamed);
        Assert.Equal(ExportNames.All, report.Written);
        Assert.Empty(report.Failures);
        Assert.Null(report.Error);
        Assert.Equal(RunStatus.Succeeded, report.StatusAfter(RunStatus.Succeeded));
        Assert.StartsWith("advertiser_id,", Encoding.UTF8.GetString(store.Files[ExportNames.GradedCsv]), StringComparison.Ordinal);
        Assert.Equal(await XlsxAsync(Rows), store.Files[ExportNames.GradedXlsx]);
        Assert.Contains("\"agentsExported\": 2", Encoding.UTF8.GetString(store.Files[ExportNames.SummaryJson]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_OneFileFails_WritesTheOthersAndReportsItForAPartialRun()
    {
        var store = new RecordingStore { FailOn = ExportNames.GradedXlsx };

        var report = await RunExporter.ExportAsync(store, "r1", Plan, Summary(Rows), Rows.ToAsyncEnumerable(), ExportOptions.Default, CancellationToken.None);

        Assert.Equal([ExportNames.GradedCsv, ExportNames.ContactsCsv, ExportNames.SummaryJson], report.Written);
        var failure = Assert.Single(report.Failures);
        Assert.Equal(ExportNames.GradedXlsx, failure.FileName);
        Assert.IsType<IOException>(failure.Exception);
        Assert.Equal(RunStatus.Partial, report.StatusAfter(RunStatus.Succeeded));
        Assert.Contains("graded.xlsx (IOException: disk full)", report.Error, StringComparison.Ordinal);
        Assert.False(store.Files.ContainsKey(ExportNames.GradedXlsx));
    }

    [Fact]
    public async Task ExportAsync_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RunExporter.ExportAsync(new RecordingStore(), "r1", Plan, Summary(Rows), Rows.ToAsyncEnumerable(), ExportOptions.Default, cancelled.Token));
    }

    [Fact]
    public async Task ExportAsync_StoreWithoutStreaming_FallsBackToTheBufferedWrite()
    {
        var store = new InMemoryExportStore();

        var report = await RunExporter.ExportAsync(store, "r1", Plan, Summary(Rows), Rows.ToAsyncEnumerable(), ExportOptions.Default, CancellationToken.None);

        Assert.Equal(ExportNames.All, report.Written);
        await using var xlsx = (await store.OpenReadAsync("r1", ExportNames.GradedXlsx, CancellationToken.None))!;
        using var copy = new MemoryStream();
        await xlsx.CopyToAsync(copy);
        Assert.Equal(await XlsxAsync(Rows), copy.ToArray());
    }

    /// <summary>Records streamed writes in order; can fail one file partway through its write.</summary>
    private sealed class RecordingStore : IExportStore
    {
        public Dictionary<string, byte[]> Files { get; } = [];

        public List<string> Streamed { get; } = [];

        public string? FailOn { get; init; }

        public Task WriteAsync(string runId, string fileName, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The exporter must stream.");

        public async Task WriteStreamAsync(string runId, string fileName, string contentType, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
        {
            Streamed.Add(fileName);
            using var buffer = new MemoryStream();
            await write(buffer, cancellationToken);
            if (fileName == FailOn)
            {
                throw new IOException("disk full");
            }

            Files[fileName] = buffer.ToArray();
        }

        public Task<Stream?> OpenReadAsync(string runId, string fileName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ExportLink>> GetLinksAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
