namespace PropGrade.Core.Audit;

/// <summary>Where one committed record's JSON line sits in a group's decompressed content (without the newline).</summary>
public readonly record struct RawRecordSpan(int Offset, int Length);
