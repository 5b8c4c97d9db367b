namespace PropGrade.Core.Exports;

/// <summary>A download link for one export file; on AWS a presigned GET that expires at <see cref="ExpiresAt"/>.</summary>
/// <param name="Name">The stored name (<c>graded.xlsx</c>).</param>
/// <param name="DownloadName">The name it downloads under (<c>propgrade-q4-2026-texas-graded.xlsx</c>, <see cref="ExportNames.DownloadName(Runs.RunRecord, string)"/>); null when not known.</param>
public sealed record ExportLink(string Name, string Url, long SizeBytes, DateTimeOffset? ExpiresAt, string? DownloadName = null);
