using System.Globalization;
using System.Text;
using PropGrade.Core.Api;

namespace PropGrade.Core.Tests.Api;

public sealed class RunsApiOptionsTests
{
    /// <summary>
    /// The largest request a roster of <paramref name="agents"/> makes, as the page sends it (compact JSON): rows of
    /// 10-digit advertiser ids and 9-digit NRDS ids as strings, ten tiers with 31-character names and both criteria,
    /// every tier selected, an 80-character name and every other field.
    /// </summary>
    internal static byte[] LargestRosterRequest(int agents, int advertiserDigits = 10, int nrdsDigits = 9)
    {
        var json = new StringBuilder("{\"tiers\":[");
        var names = Enumerable.Range(0, 10).Select(i => ("T" + i.ToString(CultureInfo.InvariantCulture)).PadRight(31, 'x')).ToList();
        json.AppendJoin(',', names.Select(n => $"{{\"name\":\"{n}\",\"minVolume\":999999999999,\"minSides\":9999}}"));
        json.Append("],\"soldSince\":\"2025-11-23\",\"asOf\":\"2026-11-23\",\"includeActive\":true,\"selectedTiers\":[");
        json.AppendJoin(',', names.Select(n => $"\"{n}\""));
        json.Append("],\"roster\":[");
        var advertiser = new string('9', advertiserDigits);
        var nrds = new string('5', nrdsDigits);
        for (var i = 0; i < agents; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"advertiserId\":\"").Append(advertiser).Append("\",\"nrdsId\":\"").Append(nrds).Append("\"}");
        }

        json.Append("],\"maxPages\":19,\"undisclosedPrice\":\"listPrice\",\"name\":\"").Append('n', 80).Append("\"}");
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    [Fact]
    public void DefaultMaxBodyBytes_FitsTheLargestRequestOfARosterOf50000Agents_WithoutMuchToSpare()
    {
        var largest = LargestRosterRequest(50_000).Length;

        Assert.Equal(2_551_421, largest);
        Assert.Equal(3 * 1024 * 1024, RunsApiOptions.DefaultMaxBodyBytes);
        Assert.Equal(RunsApiOptions.DefaultMaxBodyBytes, new RunsApiOptions().MaxBodyBytes);
        Assert.InRange(largest, 1, RunsApiOptions.DefaultMaxBodyBytes);
        // 12-character ids on both sides still fit; the cap is not a multiple of what the roster needs.
        Assert.InRange(LargestRosterRequest(50_000, 12, 12).Length, 1, RunsApiOptions.DefaultMaxBodyBytes);
        Assert.True(RunsApiOptions.DefaultMaxBodyBytes < 1.3 * largest, $"{RunsApiOptions.DefaultMaxBodyBytes} bytes for a {largest}-byte request");
    }
}
