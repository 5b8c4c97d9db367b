using PropGrade.Core.Runs;
using PropGrade.Core.Stages;

namespace PropGrade.Functions.Messages;

/// <summary>
/// A batch between stage states. <see cref="Next"/> (<c>active</c>, <c>sold</c>, <c>done</c>) is what the Choice
/// states branch on. The agents' state travels inline in <see cref="Batch"/>, or, when it would come near the 256 KB
/// state limit, in S3 under <see cref="StateKey"/>. <see cref="Items"/> stays so that a failure handler always knows
/// which agents the batch held.
/// </summary>
public sealed record BatchEnvelope(
    string RunId,
    string BatchKey,
    string Next,
    IReadOnlyList<AgentWorkItem> Items,
    StageBatch? Batch,
    string? StateKey);
