namespace PropGrade.Core.Listings;

/// <summary>
/// What a sales rep acts on, in one place (it travels from the profile to the graded row and the exports):
/// <c>nrds_id</c>, phone (mobile first), office phone, email, license (number and MLS), broker, city and state (the
/// first served area), and the realtor.com profile URL (<c>web_url</c>). Every field may be absent.
/// </summary>
public sealed record AgentContact(
    string? NrdsId,
    string? Phone,
    string? OfficePhone,
    string? Email,
    string? License,
    string? Broker,
    string? City,
    string? State,
    string? ProfileUrl)
{
    public static AgentContact None { get; } = new(null, null, null, null, null, null, null, null, null);
}
