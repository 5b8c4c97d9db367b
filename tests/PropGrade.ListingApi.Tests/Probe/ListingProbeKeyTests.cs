using System.Net;
using System.Text;
using PropGrade.ListingApi.Probe;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests.Probe;

/// <summary>A server that echoes the key in every form it can (bodies and headers): the probe keeps none of it.</summary>
public sealed class ListingProbeKeyTests : IDisposable
{
    private const string Key = "Echo/Key+7f3a9c d81e==";
    private readonly string _root = Directory.CreateTempSubdirectory("pg-probe-key-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static string Echo(string json)
    {
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(Key));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + Key));
        var echo = $$"""{"echo": {"plain": "{{Key}}", "url": "{{Uri.EscapeDataString(Key)}}", "lower": "{{LowerHex(Uri.EscapeDataString(Key))}}", "b64": "{{base64}}", "basic": "Basic {{basic}}", "query": "/x?key={{Uri.EscapeDataString(Key)}}"},""";
        return echo + json.TrimStart()[1..];
    }

    /// <summary>%2F -> %2f: URL-encoding with lower-case hex, as some servers write it.</summary>
    private static string LowerHex(string escaped) =>
        System.Text.RegularExpressions.Regex.Replace(escaped, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());

    private static HttpResponseMessage Answer(HttpStatusCode status, string json)
    {
        var response = ScriptedHandler.Json(status, Echo(json));
        response.Headers.TryAddWithoutValidation("X-Echo", Key);
        response.Headers.TryAddWithoutValidation("X-Echo-Url", Uri.EscapeDataString(Key));
        response.Headers.TryAddWithoutValidation("X-Echo-B64", Convert.ToBase64String(Encoding.UTF8.GetBytes(Key)));
        response.Headers.TryAddWithoutValidation("Set-Cookie", "k=" + Key);
        response.Headers.TryAddWithoutValidation("x-ratelimit-requests-remaining", "99");
        return response;
    }

    [Fact]
    public async Task RunAsync_ServerEchoesTheKey_NoSampleReportOrCallHoldsAnyFormOfIt()
    {
        var handler = new ScriptedHandler((request, _, _) =>
        {
            var path = request.RequestUri!.AbsolutePath;
            var query = request.RequestUri.Query;
            var response = path switch
            {
                "/agents/list" => Answer(HttpStatusCode.OK, Sample("agents-list.json")),
                "/agents/get-profile" => Answer(HttpStatusCode.OK, Sample("profile.json")),
                "/agents/get-listings" when query.Contains("type=forSold", StringComparison.Ordinal) => Answer(HttpStatusCode.OK, Sample("listings-sold.json")),
                "/agents/get-listings" => Answer(HttpStatusCode.OK, Sample("listings-active.json")),
                _ => Answer(HttpStatusCode.NotFound, $$"""{"message": "Endpoint '{{path}}' does not exist"}"""),
            };
            return Task.FromResult(response);
        });
        var options = new ProbeOptions
        {
            BaseAddress = new Uri("http://api.test/"),
            RequestsPerSecond = 1_000,
            Today = new DateOnly(2026, 11, 23),
            SampleDirectory = Path.Combine(_root, "probe"),
            AuditBound = 1,
        };
        using var probe = new ListingProbe(options, new FixedKeyProvider(Key), TimeProvider.System, handler);

        var report = await probe.RunAsync();

        Assert.Equal(handler.Calls, report.RequestsSent);
        Assert.All(handler.Seen, s => Assert.Equal(Key, s.Key));
        Assert.True(report.RequestsSent >= 8);
        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        Assert.Equal(report.RequestsSent + 1, files.Length);
        var forms = KeyEncodings.All(Key).Values.Concat(ListingProbeTests.KeyForms(Key)).Append(LowerHex(Uri.EscapeDataString(Key))).Distinct().ToList();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.All(forms, form => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) < 0, $"{Path.GetFileName(file)} holds the key as {form}"));
            Assert.True(bytes.AsSpan().IndexOf("\"echo\""u8) >= 0 || file.EndsWith("report.json", StringComparison.Ordinal), "the body is kept, not dropped");
        }

        var json = report.ToJson();
        Assert.All(forms, form => Assert.DoesNotContain(form, json, StringComparison.Ordinal));
        Assert.All(report.Calls, c => Assert.DoesNotContain(c.Headers.Keys, k => k.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal("99", report.RateLimits.RequestsRemaining);
    }
}
