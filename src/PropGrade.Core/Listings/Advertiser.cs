namespace PropGrade.Core.Listings;

/// <summary>One agent on one side of a listing.</summary>
public sealed record Advertiser(long FulfillmentId, string Name, AdvertiserSide Side);
