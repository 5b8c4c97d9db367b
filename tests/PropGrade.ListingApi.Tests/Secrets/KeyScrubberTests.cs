using System.Text;
using PropGrade.ListingApi.Secrets;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests.Secrets;

public sealed class KeyScrubberTests
{
    private const string Key = "a1b2c3/d4e5f6+g7h8 i9j0";
    private const string RapidApiLike = "9f8e7d6c5bmsh0a1b2c3d4e5f6a7p1b2c3djsn4e5f6a7b8c9d";

    public static TheoryData<string, string> Forms()
    {
        var data = new TheoryData<string, string>();
        foreach (var key in (string[])[Key, RapidApiLike])
        {
            foreach (var (name, form) in KeyEncodings.All(key))
            {
                data.Add(key, name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Scrub_KeyInAnEncoding_IsMaskedInTextAndBytes(string key, string encoding)
    {
        var form = KeyEncodings.All(key)[encoding];
        var text = $$"""{"message":"echo {{form}} end","other":"{{form}}"}""";
        var scrubber = new KeyScrubber(key);

        var scrubbedText = scrubber.Scrub(text);
        var scrubbedBytes = Encoding.UTF8.GetString(scrubber.Scrub(Encoding.UTF8.GetBytes(text)));

        foreach (var scrubbed in (string[])[scrubbedText, scrubbedBytes])
        {
            Assert.DoesNotContain(form, scrubbed, StringComparison.Ordinal);
            Assert.Equal($$"""{"message":"echo *** end","other":"***"}""", scrubbed.Replace("******", "***", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("u")]
    [InlineData("u:")]
    [InlineData("user:")]
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
    public void Scrub_MixedEncodingsWithinOneEcho_IsMasked()
    {
        // '/' JSON-escaped, '+' percent-encoded in lower case, ' ' as '+': a hand-rolled encoder could write this.
        var scrubber = new KeyScrubber(Key);
        var echo = "a1b2c3\\/d4e5f6%2bg7h8+i9j0";

        Assert.Equal("[***]", scrubber.Scrub("[" + echo + "]"));
    }

    [Fact]
    public void Scrub_BodyThatIsNotUtf8_KeepsEveryOtherByte()
    {
        var scrubber = new KeyScrubber(Key);
        byte[] body = [0xFF, 0xC3, .. Encoding.UTF8.GetBytes(Key), 0x80, 0xE9, 0x00];

        var scrubbed = scrubber.Scrub(body);

        Assert.Equal([0xFF, 0xC3, .. "***"u8, 0x80, 0xE9, 0x00], scrubbed);
    }

    [Fact]
    public void Scrub_NonAsciiKey_IsMaskedAsTextAsUtf8AndPercentEncoded()
    {
        const string key = "clé-Ω-secrète";
        var scrubber = new KeyScrubber(key);
        var text = $"{key} {Uri.EscapeDataString(key)} {System.Text.Json.JsonEncodedText.Encode(key)}";

        Assert.Equal("*** *** ***", scrubber.Scrub(text));
        Assert.Equal("*** *** ***", Encoding.UTF8.GetString(scrubber.Scrub(Encoding.UTF8.GetBytes(text))));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(22)]
    public void Scrub_BodyCutShortInsideTheKey_MasksTheTail(int kept)
    {
        var scrubber = new KeyScrubber(Key);
        var body = Encoding.UTF8.GetBytes("{\"message\":\"bad key " + Key[..kept]);

        var scrubbed = Encoding.UTF8.GetString(scrubber.Scrub(body));

        Assert.Equal("{\"message\":\"bad key ***", scrubbed);
    }

    [Fact]
    public void Scrub_ShortCommonPrefixAtTheEnd_IsKept()
    {
        var scrubber = new KeyScrubber(Key);

        Assert.Equal("ends with a1b2c3", scrubber.Scrub("ends with a1b2c3"));
    }

    [Fact]
    public void Scrub_OrdinaryBodies_AreReturnedUnchangedAsTheSameInstance()
    {
        var scrubber = new KeyScrubber(RapidApiLike);
        foreach (var sample in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Samples"), "*.json"))
        {
            var body = File.ReadAllBytes(sample);

            Assert.Same(body, scrubber.Scrub(body));
        }

        const string message = "The listing API refused the request /agents/list?postal_code=07030 (400: bad).";
        Assert.Same(message, scrubber.Scrub(message));
    }

    [Fact]
    public void Scrub_NoKey_ChangesNothing()
    {
        Assert.True(KeyScrubber.None.IsEmpty);
        Assert.Equal("abc", new KeyScrubber(string.Empty).Scrub("abc"));
        byte[] body = [1, 2, 3];
        Assert.Same(body, new KeyScrubber(null).Scrub(body));
    }

    [Fact]
    public void IsFor_TheSameKey_IsTrueAndAnotherKeyFalse()
    {
        var scrubber = new KeyScrubber(Key);

        Assert.True(scrubber.IsFor(Key));
        Assert.False(scrubber.IsFor(Key + "x"));
        Assert.True(KeyScrubber.None.IsFor(""));
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
