namespace PropGrade.Simulator.World;

/// <summary>Who an agent is (everything in an <c>/agents/list</c> entry except the activity figures).</summary>
internal sealed record AgentIdentity(
    int Index,
    long AdvertiserId,
    int MarketIndex,
    string NrdsId,
    string PersonName,
    string Email,
    string MobilePhone,
    string OfficePhone,
    string OfficeName,
    long OfficeFulfillmentId,
    string BrokerName,
    long BrokerFulfillmentId,
    IReadOnlyList<SimMls> Mls,
    bool IsTeamMember,
    IReadOnlyList<string> AgentType,
    int FirstYear);
