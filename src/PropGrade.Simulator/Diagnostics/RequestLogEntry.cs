namespace PropGrade.Simulator.Diagnostics;

/// <summary>
/// One served <c>/agents/*</c> request: path (a shared string), query (without '?', kept as UTF-8: half the memory of a
/// string, and a long run logs hundreds of thousands), status (0 = connection aborted), fault.
/// </summary>
internal readonly record struct RequestLogEntry(string Path, byte[] Query, int Status, string? Fault);
