namespace PropGrade.Core.Exports;

/// <summary>One export file's bytes, ready for <see cref="IExportStore.WriteAsync"/>.</summary>
public sealed record ExportFile(string Name, string ContentType, byte[] Content);
