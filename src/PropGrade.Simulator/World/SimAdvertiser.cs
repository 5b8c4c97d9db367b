namespace PropGrade.Simulator.World;

/// <summary>One agent (by world index) as one advertiser entry of a listing.</summary>
internal readonly record struct SimAdvertiser(int AgentIndex, AdvertiserType Type)
{
    public AdvertiserSide? Side => AdvertiserTypes.SideOf(Type);
}
