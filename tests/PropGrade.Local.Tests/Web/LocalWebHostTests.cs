using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PropGrade.Core.Api;
using PropGrade.Local.Web;

namespace PropGrade.Local.Tests.Web;

[Trait("Category", "Integration")]
public sealed partial class LocalWebHostTests : IAsyncLifetime
{
    private const string Token = "host-test-token";
    private readonly WebFakes _fakes = new();
    private LocalWebHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var api = new RunsApi(new BearerTokenAuthenticator(Token), _fakes, _fakes, _fakes, _fakes, _fakes, new RunsApiOptions { ServeExportFiles = true });
        _host = await LocalWebHost.StartAsync(api, new LocalWebHostOptions { Port = 0 }, logger: null, CancellationToken.None);
        _http = new HttpClient { BaseAddress = _host.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return request;
    }

    [Fact]
    public void StartAsync_Port0_BindsLoopbackOnly() =>
        Assert.Equal("127.0.0.1", _host.BaseAddress.Host);

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/index.html", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/lib/format.js", "text/javascript")]
    [InlineData("/lib/validation.js", "text/javascript")]
    [InlineData("/ui/form.js", "text/javascript")]
    public async Task Get_PageFileWithoutToken_IsServedWithSecurityHeaders(string path, string mediaType)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("GET", "/runs")]
    [InlineData("POST", "/runs")]
    [InlineData("GET", "/runs/run-1")]
    [InlineData("GET", "/runs/run-1/exports")]
    [InlineData("GET", "/runs/run-1/exports/graded.csv")]
    [InlineData("GET", "/config/defaults")]
    [InlineData("GET", "/anything/else")]
    [InlineData("DELETE", "/")]
    public async Task Request_ApiRouteWithoutToken_Returns401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        AssertSecurityHeaders(response);
        Assert.Empty(_fakes.Launches);
    }

    [Fact]
    public async Task PostRuns_WithTokenAndConcurrency_Returns202AndLaunches()
    {
        using var request = Authorized(HttpMethod.Post, "/runs?concurrency=3");
        request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("run-1", json.RootElement.GetProperty("runId").GetString());
        Assert.Equal(3, Assert.Single(_fakes.Launches).Concurrency);

        using var get = await _http.SendAsync(Authorized(HttpMethod.Get, "/runs/run-1"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Contains("\"status\":\"QUEUED\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostRuns_Invalid_Returns400WithFieldErrors()
    {
        using var request = Authorized(HttpMethod.Post, "/runs");
        request.Content = new StringContent("{\"maxPages\":0}", Encoding.UTF8, "application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"errors\":[{\"field\":\"maxPages\",\"message\":\"must be between 1 and 20.\"}]}", await response.Content.ReadAsStringAsync());
        Assert.Empty(_fakes.Launches);
    }

    [Fact]
    public async Task GetExportFile_WithToken_ReturnsAttachment()
    {
        await _fakes.WriteAsync("run-9", "graded.csv", "advertiser_id\n7\n"u8.ToArray(), "text/csv", CancellationToken.None);

        using var response = await _http.SendAsync(Authorized(HttpMethod.Get, "/runs/run-9/exports/graded.csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("advertiser_id\n7\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task IndexHtml_HasNoInlineScriptOrStyle()
    {
        var html = await _http.GetStringAsync("/");

        Assert.Matches("<script type=\"module\" src=\"app.js\"></script>", html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(StyleAttributeOrElement(), html);
        Assert.DoesNotMatch(EventHandlerAttribute(), html);
    }

    [Fact]
    public async Task PageModules_EveryImportFromAppJs_IsServedAsJavaScriptWithoutToken()
    {
        var pending = new Queue<string>(["/app.js"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            using var response = await _http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, path + " answered " + response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
            AssertSecurityHeaders(response);
            foreach (Match import in ImportFrom().Matches(await response.Content.ReadAsStringAsync()))
            {
                pending.Enqueue(new Uri(new Uri("http://page" + path), import.Groups[1].Value).AbsolutePath);
            }
        }

        Assert.Contains("/lib/validation.js", seen);
        Assert.Contains("/ui/form.js", seen);
        Assert.True(seen.Count >= 15, string.Join(", ", seen));
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\sstyle=|<style", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttributeOrElement();

    [GeneratedRegex("\\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();

    [GeneratedRegex("from\\s+'(\\.[^']+)'")]
    private static partial Regex ImportFrom();
}
