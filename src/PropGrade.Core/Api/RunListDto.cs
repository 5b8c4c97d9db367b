namespace PropGrade.Core.Api;

/// <summary><c>GET /runs</c>: newest first.</summary>
internal sealed record RunListDto(IReadOnlyList<RunRecordDto> Runs);
