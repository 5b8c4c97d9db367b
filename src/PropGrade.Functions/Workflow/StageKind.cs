namespace PropGrade.Functions.Workflow;

/// <summary>The three listing stages a batch goes through (one Lambda each).</summary>
internal enum StageKind
{
    Profile,
    Active,
    Sold,
}
