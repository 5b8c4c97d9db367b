namespace PropGrade.Web.Tests;

/// <summary>One row of <see cref="AgentsPage"/>.</summary>
public sealed record AgentsPageRow(string AdvertiserId, string Name, string Tier);
