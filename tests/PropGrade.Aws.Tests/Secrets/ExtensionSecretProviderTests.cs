using System.Net;
using Microsoft.Extensions.Time.Testing;
using PropGrade.Aws.Secrets;
using PropGrade.Aws.Tests.Peers;

namespace PropGrade.Aws.Tests.Secrets;

/// <summary>Against a local stand-in of the Parameters and Secrets extension that checks the token header.</summary>
[Trait("Category", "Integration")]
public sealed class ExtensionSecretProviderTests : IDisposable
{
    private const string Token = "session-token-abc";
    private const string Key = "rk_live_0123456789abcdef";
    private readonly FakeExtension extension = new(Token);
    private readonly HttpClient http = new();

    [Fact]
    public async Task GetApiKeyAsync_SendsTheTokenHeaderAndSecretId_ReturnsTheKey()
    {
        extension.SecretString = Key;
        using var provider = Provider(new FakeTimeProvider());

        Assert.Equal(Key, await provider.GetApiKeyAsync(CancellationToken.None));
        var request = Assert.Single(extension.Requests);
        Assert.Equal("/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Aus-east-1%3A1%3Asecret%3Akey", request);
    }

    [Fact]
    public async Task GetApiKeyAsync_CachesUntilTheTtlPasses()
    {
        extension.SecretString = Key;
        var time = new FakeTimeProvider();
        using var provider = Provider(time);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Key, await provider.GetApiKeyAsync(CancellationToken.None));
        }

        Assert.Single(extension.Requests);
        time.Advance(TimeSpan.FromMinutes(5));
        extension.SecretString = "{\"apiKey\":\"rotated-key\"}";
        Assert.Equal("rotated-key", await provider.GetApiKeyAsync(CancellationToken.None));
        Assert.Equal(2, extension.Requests.Count);
    }

    [Fact]
    public async Task GetApiKeyAsync_WrongToken_FailsWithoutLeakingTheKey()
    {
        extension.SecretString = Key;
        using var provider = new ExtensionSecretProvider(http, new ExtensionSecretProviderOptions
        {
            SecretId = "arn:aws:secretsmanager:us-east-1:1:secret:key",
            SessionToken = "wrong-token",
            Endpoint = extension.Endpoint,
        }, new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<SecretUnavailableException>(() => provider.GetApiKeyAsync(CancellationToken.None).AsTask());
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetApiKeyAsync_JsonSecretWithoutTheField_FailsWithoutLeakingTheSecret()
    {
        extension.SecretString = "{\"other\":\"" + Key + "\"}";
        using var provider = Provider(new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<SecretUnavailableException>(() => provider.GetApiKeyAsync(CancellationToken.None).AsTask());
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        http.Dispose();
        extension.Dispose();
    }

    private ExtensionSecretProvider Provider(TimeProvider time) => new(http, new ExtensionSecretProviderOptions
    {
        SecretId = "arn:aws:secretsmanager:us-east-1:1:secret:key",
        SessionToken = Token,
        Endpoint = extension.Endpoint,
    }, time);

    /// <summary>The extension's HTTP contract on 127.0.0.1: 401 without the right token, else GetSecretValue JSON.</summary>
    private sealed class FakeExtension : IDisposable
    {
        private readonly string token;
        private readonly LoopbackHttpServer server;

        public FakeExtension(string token)
        {
            this.token = token;
            server = new LoopbackHttpServer(HandleAsync);
        }

        public Uri Endpoint => server.Url;

        public string SecretString { get; set; } = string.Empty;

        public List<string> Requests { get; } = [];

        public void Dispose() => server.Dispose();

        private async Task HandleAsync(HttpListenerContext context)
        {
            lock (Requests)
            {
                Requests.Add(context.Request.RawUrl ?? string.Empty);
            }

            var authorized = context.Request.Headers[ExtensionSecretProvider.TokenHeader] == token;
            context.Response.StatusCode = authorized ? 200 : 401;
            var body = authorized
                ? System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["ARN"] = "arn", ["Name"] = "key", ["SecretString"] = SecretString })
                : "{\"message\":\"unauthorized\"}";
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
