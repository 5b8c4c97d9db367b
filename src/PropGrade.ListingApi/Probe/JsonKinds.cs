namespace PropGrade.ListingApi.Probe;

/// <summary>JSON value kinds as flags, so that a field can accept several (<c>number|null</c>).</summary>
[Flags]
internal enum JsonKinds
{
    None = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Bool = 16,
    Null = 32,
}
