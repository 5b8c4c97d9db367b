namespace PropGrade.Simulator.Diagnostics;

/// <summary>One served <c>/agents/*</c> request: path, query (without '?'), status (0 = connection aborted), fault.</summary>
internal sealed record RequestLogEntry(string Path, string Query, int Status, string? Fault);
