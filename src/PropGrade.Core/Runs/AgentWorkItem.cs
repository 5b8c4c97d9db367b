namespace PropGrade.Core.Runs;

/// <summary>One agent to grade: an item of the fan-out (a Distributed Map item on AWS).</summary>
public sealed record AgentWorkItem(long AdvertiserId, string? Market);
