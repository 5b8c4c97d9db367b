using System.Text.Json.Serialization;

namespace PropGrade.Core.Listings;

/// <summary>
/// An agent as an <c>/agents/list</c> entry (discovered agents: no call) or <c>/agents/get-profile</c> (roster agents)
/// describes it: its id, name and office, how to reach it, its MLS entries (the ids <c>get-listings</c> takes) and the
/// profile figures stage 1 bounds the grade with.
/// </summary>
/// <param name="AdvertiserId">The agent's <c>advertiser_id</c>, as a string.</param>
/// <param name="Name">The agent's <c>person_name</c> (empty when absent).</param>
/// <param name="OfficeName">The office's name.</param>
/// <param name="Contact">What a sales rep acts on.</param>
/// <param name="Mls">The agent's MLS entries, in the provider's order.</param>
/// <param name="RecentlySold">The <c>recently_sold</c> block (12 months before the API's today).</param>
/// <param name="ForSale">The <c>for_sale_price</c> block.</param>
/// <param name="IsTeamMember">From <c>agent_team_details.is_team_member</c>.</param>
/// <param name="FirstYear">The agent's <c>first_year</c>.</param>
public sealed record AgentProfile(
    [property: JsonConverter(typeof(AdvertiserIdJsonConverter))] string AdvertiserId,
    string Name,
    string? OfficeName,
    AgentContact Contact,
    IReadOnlyList<MlsMembership> Mls,
    ActivitySummary RecentlySold,
    ActivitySummary ForSale,
    bool IsTeamMember,
    int? FirstYear)
{
    /// <summary>
    /// The ids <c>get-listings</c> takes: the MLS entry marked primary, else the first; null when the agent has no
    /// MLS entry (it cannot be paged: <c>no_mls_id</c>).
    /// </summary>
    public ListingsKey? PrimaryListingsKey()
    {
        MlsMembership? chosen = null;
        foreach (var entry in Mls ?? [])
        {
            if (entry.Primary)
            {
                chosen = entry;
                break;
            }

            chosen ??= entry;
        }

        return chosen is null ? null : new ListingsKey(AdvertiserId, chosen.Abbreviation, chosen.MemberId);
    }
}
