namespace PropGrade.Simulator.World;

/// <summary>One entry of an agent's <c>mls</c> array: <c>{abbreviation, license_number, member{id}, primary}</c>.</summary>
internal sealed record SimMls(string Abbreviation, string LicenseNumber, string MemberId, bool Primary);
