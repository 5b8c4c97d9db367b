using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
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

    [Theory]
    [InlineData("evil.example", "/")]
    [InlineData("evil.example:{port}", "/")]
    [InlineData("evil.example:{port}", "/runs")]
    [InlineData("127.0.0.1:{other}", "/")]
    [InlineData("127.0.0.2:{port}", "/")]
    [InlineData("localhost.evil.example:{port}", "/app.js")]
    [InlineData("127.0.0.1.nip.io:{port}", "/config/defaults")]
    [InlineData("127.0.0.1", "/")]
    public async Task Request_HostNotThisLoopbackServer_Returns421BeforeRouting(string host, string path)
    {
        using var request = Authorized(HttpMethod.Get, path);
        request.Headers.Host = Host(host);

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Contains($"127.0.0.1:{_host.BaseAddress.Port}", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("localhost:{port}")]
    [InlineData("LocalHost:{port}")]
    [InlineData("[::1]:{port}")]
    public async Task Request_LoopbackHostWithTheBoundPort_IsServed(string host)
    {
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Host = Host(host);
        using var api = Authorized(HttpMethod.Get, "/config/defaults");
        api.Headers.Host = Host(host);

        using var pageResponse = await _http.SendAsync(page);
        using var apiResponse = await _http.SendAsync(api);

        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, apiResponse.StatusCode);
    }

    [Fact]
    public async Task PostRuns_WithoutToken_Answers401BeforeReadingTheBody()
    {
        // Headers announce 2 MB and no body byte is ever sent: only a host that checks the token first can answer.
        var answer = await RawAsync(_host.BaseAddress,
            $"POST /runs HTTP/1.1\r\nHost: 127.0.0.1:{_host.BaseAddress.Port}\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 401", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_fakes.Launches);
    }

    [Fact]
    public async Task PostRuns_ContentLengthOverTheCap_Returns413BeforeReadingTheBody()
    {
        var answer = await RawAsync(_host.BaseAddress,
            $"POST /runs HTTP/1.1\r\nHost: 127.0.0.1:{_host.BaseAddress.Port}\r\nAuthorization: Bearer {Token}\r\nContent-Type: application/json\r\nContent-Length: {RunsApiOptions.DefaultMaxBodyBytes + 1}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
        Assert.Contains("3,145,728 bytes", answer, StringComparison.Ordinal);
        Assert.Empty(_fakes.Launches);
    }

    [Fact]
    public async Task PostRuns_RosterOf50000Agents_IsReadUnderTheDefaultCap()
    {
        using var request = Authorized(HttpMethod.Post, "/runs");
        request.Content = new ByteArrayContent(RosterBodies.Largest(50_000));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.SendAsync(request);

        // Read whole and handed to the validator (the fake one refuses anything but {}), not refused for its size.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("maxPages", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4096, 400)]
    [InlineData(4097, 413)]
    public async Task PostRuns_ChunkedBodyAroundASmallCap_IsReadUpToTheCapOnly(int bodyBytes, int expected)
    {
        await using var host = await LocalWebHost.StartAsync(
            new RunsApi(new BearerTokenAuthenticator(Token), _fakes, _fakes, _fakes, _fakes, _fakes),
            new LocalWebHostOptions { Port = 0, MaxRequestBodyBytes = 4096 }, logger: null, CancellationToken.None);
        var body = Encoding.ASCII.GetBytes("{\"x\":\"" + new string('a', bodyBytes - 8) + "\"}");
        Assert.Equal(bodyBytes, body.Length);
        var chunked = Encoding.ASCII.GetBytes($"{body.Length:x}\r\n").Concat(body).Concat(Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")).ToArray();

        var answer = await RawAsync(host.BaseAddress,
            $"POST /runs HTTP/1.1\r\nHost: localhost:{host.BaseAddress.Port}\r\nAuthorization: Bearer {Token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n", chunked);

        Assert.True(answer.StartsWith($"HTTP/1.1 {expected}", StringComparison.Ordinal), answer);
        Assert.Empty(_fakes.Launches);
    }

    [Fact]
    public async Task PostRuns_BodyNotUtf8_Returns400NamingTheEncoding()
    {
        using var request = Authorized(HttpMethod.Post, "/runs");
        request.Content = new ByteArrayContent([.. "{\"markets\":[\"0703"u8, 0xC3, .. "\"]}"u8]);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_fakes.Launches);
    }

    private string Host(string template) => template
        .Replace("{port}", _host.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{other}", (_host.BaseAddress.Port == 65535 ? 1 : _host.BaseAddress.Port + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>Sends raw bytes and returns the first answer bytes (status line and headers); waits for the server's answer, at most 20 s.</summary>
    private static async Task<string> RawAsync(Uri address, string head, byte[]? body = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, address.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
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
