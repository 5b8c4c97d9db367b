using System.Net;
using System.Net.Http.Headers;
using PropGrade.Cli.Commands;
using PropGrade.Local;
using PropGrade.Local.Web;

namespace PropGrade.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--port", "70000")]
    [InlineData("--concurrency", "0")]
    [InlineData("--api-base", "not a url")]
    [InlineData("--rate", "-1")]
    [InlineData("--bogus")]
    public async Task Invoke_BadFlag_Exits2(params string[] args)
    {
        var exit = await ServeCommand.Create().Parse(args).InvokeAsync();
        Assert.Equal(2, exit);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_Started_PrintsUrlAndTokenThatTheApiAccepts()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "propgrade-serve-test-" + Guid.NewGuid().ToString("N")[..8]);
        var engine = new LocalEngineOptions { DataDir = dataDir };
        engine.Simulator.Agents = 50;
        using var output = new StringWriter();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeCommand.RunAsync(engine, new LocalWebHostOptions { Port = 0 }, output, cts.Token);
        try
        {
            string text;
            while (!(text = output.ToString()).Contains(ServeCommand.TokenPrefix, StringComparison.Ordinal))
            {
                Assert.False(serving.IsCompleted, "serve stopped early: " + text);
                await Task.Delay(50, cts.Token);
            }

            var lines = text.Split('\n', StringSplitOptions.TrimEntries);
            var url = new Uri(lines.Single(l => l.StartsWith(ServeCommand.ServingPrefix, StringComparison.Ordinal))[ServeCommand.ServingPrefix.Length..]);
            var token = lines.Single(l => l.StartsWith(ServeCommand.TokenPrefix, StringComparison.Ordinal))[ServeCommand.TokenPrefix.Length..];
            Assert.Equal("127.0.0.1", url.Host);
            Assert.True(token.Length >= 40);
            var open = new Uri(lines.Single(l => l.StartsWith(ServeCommand.OpenPrefix, StringComparison.Ordinal))[ServeCommand.OpenPrefix.Length..]);
            Assert.Equal(url.GetLeftPart(UriPartial.Path), open.GetLeftPart(UriPartial.Path));
            Assert.Equal("#token=" + token, open.Fragment);
            Assert.Equal("", open.Query);

            using var http = new HttpClient { BaseAddress = url };
            using (var anonymous = await http.GetAsync("runs", cts.Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, "config/defaults");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var authorized = await http.SendAsync(request, cts.Token);
            Assert.Equal(HttpStatusCode.OK, authorized.StatusCode);
        }
        finally
        {
            await cts.CancelAsync();
            Assert.Equal(0, await serving);
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
