using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// One advertiser entry of a listing: its <c>fulfillment_id</c> (the agent's advertiser id, always a string), the
/// side the provider's <c>type</c> puts it on, and that type as sent (so that a type of no side can be reported).
/// </summary>
/// <param name="FulfillmentId">The advertiser's id, compared with an agent's advertiser id as a string.</param>
/// <param name="Side">Listing side (<c>seller</c>, <c>co_seller</c>), buyer side (<c>buyer</c>, <c>co_buyer</c>) or none.</param>
/// <param name="Type">The provider's <c>type</c>, e.g. <c>co_seller</c>; empty when it sent none.</param>
public sealed record Advertiser(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string FulfillmentId,
    AdvertiserSide Side,
    string Type);
