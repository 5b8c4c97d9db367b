namespace PropGrade.Simulator.World;

/// <summary>Who an agent is (everything in the AgentSummary except the activity figures).</summary>
internal sealed record AgentIdentity(
    int Index,
    long AdvertiserId,
    long FulfillmentId,
    int MarketIndex,
    string PersonName,
    string Email,
    string Phone,
    string NrdsId,
    string LicenseNumber,
    string OfficeName,
    long OfficeFulfillmentId,
    string BrokerName,
    long BrokerFulfillmentId,
    bool IsTeamMember,
    int FirstYear);
