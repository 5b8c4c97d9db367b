using PropGrade.Core.Audit;

namespace PropGrade.Core.Listings;

/// <summary>
/// Who is asking, for the audit trail: every HTTP attempt made on behalf of this context is recorded
/// through <see cref="Recorder"/> with these ids.
/// </summary>
/// <param name="RunId">The run the call belongs to.</param>
/// <param name="Stage">A short stage name: <c>discover</c>, <c>profile</c>, <c>active</c>, <c>sold</c>.</param>
/// <param name="AgentId">The agent's advertiser id, when the call is about one agent.</param>
/// <param name="Recorder">Where raw exchanges go; <see cref="NullRawRecorder.Instance"/> to keep none.</param>
public sealed record FetchContext(string RunId, string Stage, string? AgentId, IRawRecorder Recorder);
