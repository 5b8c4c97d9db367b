using System.Text.Json;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Api;

/// <summary>
/// The body of <c>GET /config/defaults</c>: the default RunRequest, field for field the shape <c>POST /runs</c> accepts
/// (<see cref="RunRequestDto"/>, so a new request field appears here without a second list), plus two fields the page
/// reads and never sends back: <c>limits</c> (<see cref="RunLimitsDto"/>) and <c>marketPlaces</c>
/// (<c>{"07030": {"city": "Hoboken", "state": "NJ"}}</c>, the places the source knows; possibly empty).
/// </summary>
internal static class ConfigDefaultsBody
{
    public static byte[] Serialize(RunDefaults defaults, RunsApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var body = JsonSerializer.SerializeToNode(RunRequestDto.From(defaults.CreateDefaultRequest()), ApiJsonContext.Default.RunRequestDto)!.AsObject();
        body["limits"] = JsonSerializer.SerializeToNode(RunLimitsDto.From(defaults, options), ApiJsonContext.Default.RunLimitsDto);
        var places = defaults.MarketPlaces
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => MarketPlaceDto.From(p.Value), StringComparer.Ordinal);
        body["marketPlaces"] = JsonSerializer.SerializeToNode(places, ApiJsonContext.Default.DictionaryStringMarketPlaceDto);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }

        return buffer.ToArray();
    }
}
