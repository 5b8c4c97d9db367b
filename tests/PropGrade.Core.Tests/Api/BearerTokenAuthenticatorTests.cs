using PropGrade.Core.Api;

namespace PropGrade.Core.Tests.Api;

public sealed class BearerTokenAuthenticatorTests
{
    private readonly BearerTokenAuthenticator _sut = new("s3cret-token");

    private static ApiRequest WithAuthorization(string? value) => ApiRequest.Create(
        "GET", "/runs", headers: value is null ? null : [new("authorization", value)]);

    [Theory]
    [InlineData("Bearer s3cret-token")]
    [InlineData("bearer s3cret-token")]
    [InlineData("Bearer  s3cret-token ")]
    public async Task IsAuthenticatedAsync_MatchingToken_ReturnsTrue(string header) =>
        Assert.True(await _sut.IsAuthenticatedAsync(WithAuthorization(header), CancellationToken.None));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Bearer s3cret-toke")]
    [InlineData("Bearer s3cret-token2")]
    [InlineData("Basic s3cret-token")]
    [InlineData("s3cret-token")]
    public async Task IsAuthenticatedAsync_MissingOrWrongToken_ReturnsFalse(string? header) =>
        Assert.False(await _sut.IsAuthenticatedAsync(WithAuthorization(header), CancellationToken.None));

    [Fact]
    public void GenerateToken_TwoCalls_AreUrlSafeDistinctAndLong()
    {
        var a = BearerTokenAuthenticator.GenerateToken();
        var b = BearerTokenAuthenticator.GenerateToken();
        Assert.NotEqual(a, b);
        Assert.Equal(43, a.Length);
        Assert.All(a, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"unexpected '{c}'"));
    }

    [Fact]
    public void Constructor_EmptyToken_Throws() =>
        Assert.Throws<ArgumentException>(() => new BearerTokenAuthenticator(" "));
}
