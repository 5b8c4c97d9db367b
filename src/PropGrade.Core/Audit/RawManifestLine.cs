namespace PropGrade.Core.Audit;

/// <summary>One complete manifest line (numbered from 1): its entry, or why it is not one.</summary>
public sealed record RawManifestLine(int Number, RawManifestEntry? Entry, string? Error);
