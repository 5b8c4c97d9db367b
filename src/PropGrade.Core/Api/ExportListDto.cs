using PropGrade.Core.Exports;

namespace PropGrade.Core.Api;

/// <summary><c>GET /runs/{runId}/exports</c>: one download link per file.</summary>
internal sealed record ExportListDto(IReadOnlyList<ExportLink> Exports);
