using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Web;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PropGrade.Web.Tests;

/// <summary>
/// The page's AWS sign-in, with Cognito's hosted UI and token endpoint played by routes: /auth-config.json switches the
/// page to authorization code + PKCE, and the ID token goes to the API as the raw Authorization header.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CognitoSignInTests(ChromiumFixture chromium, ScriptedServer server) : IClassFixture<ChromiumFixture>, IClassFixture<ScriptedServer>
{
    [Fact]
    public async Task SignIn_WithAuthConfig_UsesCodeWithPkceAndSendsTheRawIdToken()
    {
        var origin = server.BaseAddress.ToString().TrimEnd('/');
        var signInUrl = origin + "/fake-cognito";
        await using var context = await chromium.Browser.NewContextAsync(new() { BaseURL = server.BaseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        string? challenge = null;
        string? tokenRequest = null;
        var apiAuthorizations = new List<string>();

        await context.RouteAsync("**/auth-config.json", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { region = "us-east-1", userPoolId = "us-east-1_x", clientId = "client-1", signInUrl, redirectUri = origin + "/" }),
        }));
        await context.RouteAsync("**/fake-cognito/oauth2/authorize*", async route =>
        {
            var query = HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query);
            Assert.Equal("code", query["response_type"]);
            Assert.Equal("client-1", query["client_id"]);
            Assert.Equal(origin + "/", query["redirect_uri"]);
            Assert.Equal("S256", query["code_challenge_method"]);
            challenge = query["code_challenge"];
            await route.FulfillAsync(new() { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = $"{origin}/?code=the-code&state={query["state"]}" } });
        });
        await context.RouteAsync("**/fake-cognito/oauth2/token", async route =>
        {
            tokenRequest = route.Request.PostData;
            await route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = """{"id_token":"the-id-token","access_token":"a","token_type":"Bearer","expires_in":3600}""" });
        });
        // The API calls: record what the page sends, then let them through with the scripted server's token.
        // (API paths only: the page's own modules, such as /ui/runs.js, are public files fetched without credentials.)
        await context.RouteAsync(new System.Text.RegularExpressions.Regex("^https?://[^/]+/(runs([/?]|$)|config/defaults)"), async route =>
        {
            lock (apiAuthorizations)
            {
                apiAuthorizations.Add(route.Request.Headers.GetValueOrDefault("authorization") ?? "");
            }

            var headers = new Dictionary<string, string>(route.Request.Headers) { ["authorization"] = "Bearer " + ScriptedServer.Token };
            await route.ContinueAsync(new() { Headers = headers });
        });

        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("#cognito-signin")).ToBeVisibleAsync();
        await Expect(page.Locator("#token-form")).ToBeHiddenAsync();
        await page.ClickAsync("#cognito-button");
        await page.Locator("#tier-list > li").First.WaitForAsync();

        var form = HttpUtility.ParseQueryString(tokenRequest!);
        Assert.Equal("authorization_code", form["grant_type"]);
        Assert.Equal("the-code", form["code"]);
        Assert.Equal("client-1", form["client_id"]);
        var verifierHash = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"]!)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Assert.Equal(challenge, verifierHash);
        lock (apiAuthorizations)
        {
            Assert.NotEmpty(apiAuthorizations);
            Assert.All(apiAuthorizations, a => Assert.Equal("the-id-token", a));
        }

        Assert.DoesNotContain("code=", page.Url, StringComparison.Ordinal);
    }
}
