using System.Net;
using System.Text;
using PropGrade.ListingApi.Resilience;
using PropGrade.ListingApi.Secrets;

namespace PropGrade.ListingApi.Tests.Resilience;

public sealed class HeaderSanitizerTests
{
    private const string Key = "k3y/With+Odd=chars";

    [Fact]
    public void Copy_EncodedKeyInAHeader_IsMaskedAndTheHeaderKept()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        response.Headers.TryAddWithoutValidation("X-Debug", "token=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)) + "; url=" + Uri.EscapeDataString(Key));
        response.Headers.TryAddWithoutValidation("x-ratelimit-requests-remaining", "41");

        var headers = HeaderSanitizer.Copy(response, new KeyScrubber(Key));

        Assert.Equal("token=***; url=***", headers["X-Debug"]);
        Assert.Equal("41", headers["x-ratelimit-requests-remaining"]);
    }

    [Fact]
    public void Copy_CredentialHeadersAndAHeaderNamedAfterTheKey_AreLeftOut()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        response.Headers.TryAddWithoutValidation("Set-Cookie", "s=1");
        response.Headers.TryAddWithoutValidation("X-RapidAPI-Proxy-Secret", "p");
        response.Headers.TryAddWithoutValidation("X-k3yWith2BOdd3Dchars", "1");
        response.Headers.TryAddWithoutValidation("X-k3y", "1");

        var headers = HeaderSanitizer.Copy(response, new KeyScrubber("k3yWith2BOdd3Dchars"));

        Assert.DoesNotContain("Set-Cookie", headers.Keys);
        Assert.DoesNotContain("X-RapidAPI-Proxy-Secret", headers.Keys);
        Assert.Contains("X-k3y", headers.Keys);
        Assert.Equal(["Content-Type", "X-k3y"], headers.Keys.Order(StringComparer.Ordinal));
    }
}
