namespace PropGrade.Core.Listings;

/// <summary>
/// One of an agent's MLS entries (<c>mls[]</c>): the MLS's <c>abbreviation</c> and the agent's <c>member.id</c> in it
/// are what <c>get-listings</c> takes as <c>id</c> and <c>agent_id</c>.
/// </summary>
/// <param name="Abbreviation">The MLS, e.g. <c>ACTX</c>.</param>
/// <param name="MemberId">The agent's member id in that MLS, e.g. <c>ACT55501</c>.</param>
/// <param name="LicenseNumber">The agent's license number as that MLS lists it.</param>
/// <param name="Primary">True when the provider marks the entry <c>primary</c>.</param>
public sealed record MlsMembership(string Abbreviation, string MemberId, string? LicenseNumber, bool Primary);
