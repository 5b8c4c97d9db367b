using System.Globalization;
using System.Text;

namespace PropGrade.Local.Tests.Web;

/// <summary>
/// The largest run request a roster of N agents makes (compact JSON, as the page sends it): 10-digit advertiser ids and
/// 9-digit NRDS ids as strings, ten 31-character tiers, every field given. 50,000 agents: 2,551,421 bytes.
/// </summary>
internal static class RosterBodies
{
    public static byte[] Largest(int agents)
    {
        var json = new StringBuilder("{\"tiers\":[");
        var names = Enumerable.Range(0, 10).Select(i => ("T" + i.ToString(CultureInfo.InvariantCulture)).PadRight(31, 'x')).ToList();
        json.AppendJoin(',', names.Select(n => $"{{\"name\":\"{n}\",\"minVolume\":999999999999,\"minSides\":9999}}"));
        json.Append("],\"soldSince\":\"2025-11-23\",\"asOf\":\"2026-11-23\",\"includeActive\":true,\"selectedTiers\":[");
        json.AppendJoin(',', names.Select(n => $"\"{n}\""));
        json.Append("],\"roster\":[");
        for (var i = 0; i < agents; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"advertiserId\":\"9999999999\",\"nrdsId\":\"555555555\"}");
        }

        json.Append("],\"maxPages\":19,\"undisclosedPrice\":\"listPrice\",\"name\":\"").Append('n', 80).Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }
}
