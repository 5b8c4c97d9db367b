namespace PropGrade.Core.Exports;

/// <summary>A download link for one export file; on AWS a presigned GET that expires at <see cref="ExpiresAt"/>.</summary>
public sealed record ExportLink(string Name, string Url, long SizeBytes, DateTimeOffset? ExpiresAt);
