using System.Text;
using PropGrade.ListingApi.Probe;

namespace PropGrade.ListingApi.Tests.Probe;

public sealed class KeyScrubberTests
{
    private const string Key = "a1b2c3/d4e5f6+g7h8 i9j0";

    [Fact]
    public void Scrub_EveryFormOfTheKey_IsMasked()
    {
        var scrubber = new KeyScrubber(Key);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key));
        var text = string.Join(" | ", ListingProbeTests.KeyForms(Key).Append(System.Text.RegularExpressions.Regex.Replace(Uri.EscapeDataString(Key), "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant())).Append("\"" + Key.Replace("+", "\\u002B", StringComparison.Ordinal) + "\""));

        var scrubbed = scrubber.Scrub(text);

        Assert.DoesNotContain(Key, scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(Key), scrubbed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(base64.TrimEnd('='), scrubbed, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", scrubbed, StringComparison.Ordinal);
        Assert.Contains(KeyScrubber.Mask, scrubbed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("u:")]
    [InlineData("u")]
    public void Scrub_KeyInsideALongerBase64Value_LosesTheKeyAtEveryAlignment(string prefix)
    {
        var scrubber = new KeyScrubber(Key);
        var header = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + Key + ":x"));

        var scrubbed = Encoding.UTF8.GetString(scrubber.Scrub(Encoding.UTF8.GetBytes(header)));

        Assert.NotEqual(header, scrubbed);
        var decoded = TryDecode(scrubbed["Basic ".Length..]);
        Assert.DoesNotContain(Key[3..^3], decoded, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_BytesWithoutTheKey_AreReturnedUnchanged()
    {
        var scrubber = new KeyScrubber(Key);
        var body = Encoding.UTF8.GetBytes("""{"message":"Endpoint '/agents/v2/list' does not exist"}""");

        Assert.Equal(body, scrubber.Scrub(body));
    }

    [Fact]
    public void Scrub_NoKey_ChangesNothing()
    {
        Assert.Empty(new KeyScrubber(null).Patterns);
        Assert.Equal("abc", new KeyScrubber(string.Empty).Scrub("abc"));
    }

    /// <summary>Decodes what is still base64 of a masked value, ignoring the mask.</summary>
    private static string TryDecode(string masked)
    {
        var parts = masked.Split(KeyScrubber.Mask);
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            var usable = part.Length / 4 * 4;
            try
            {
                text.Append(Encoding.UTF8.GetString(Convert.FromBase64String(part[..usable])));
            }
            catch (FormatException)
            {
                // A fragment that is not whole base64 holds no readable key either.
            }
        }

        return text.ToString();
    }
}
