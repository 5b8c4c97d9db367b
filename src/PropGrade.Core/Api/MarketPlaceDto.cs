using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>A market's place on the wire: <c>{"city", "state"}</c>.</summary>
internal sealed record MarketPlaceDto(string City, string State)
{
    public static MarketPlaceDto From(MarketPlace place) => new(place.City, place.State);
}
