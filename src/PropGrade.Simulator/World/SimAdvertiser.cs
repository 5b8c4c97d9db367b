namespace PropGrade.Simulator.World;

/// <summary>One agent (by world index) on one side of a listing.</summary>
internal readonly record struct SimAdvertiser(int AgentIndex, AdvertiserSide Side);
