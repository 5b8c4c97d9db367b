using System.Net;
using System.Net.Http.Headers;
using PropGrade.Cli.Commands;
using PropGrade.Cli.Output;
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
        using var error = new StringWriter();
        var exit = await ServeCommand.Create(new CliContext(TextWriter.Null, error, null)).Parse(args).InvokeAsync();

        Assert.Equal(2, exit);
        Assert.StartsWith("propgrade serve: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(args[0], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FourBadFlags_NamesEveryOneAndCreatesNothing()
    {
        using var error = new StringWriter();
        var exit = await ServeCommand.Create(new CliContext(TextWriter.Null, error, null))
            .Parse(["--port", "70000", "--concurrency", "0", "--agents", "0", "--data-dir", ""]).InvokeAsync();

        Assert.Equal(2, exit);
        foreach (var flag in (string[])["--port", "--concurrency", "--agents", "--data-dir"])
        {
            Assert.Contains("propgrade serve: " + flag + ":", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task RunAsync_Started_PrintsUrlAndTokenThatTheApiAccepts()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "propgrade-serve-test-" + Guid.NewGuid().ToString("N")[..8]);
        var engine = new LocalEngineOptions { DataDir = dataDir };
        engine.Simulator.Agents = 50;
        using var output = new LineSignalWriter(ServeCommand.TokenPrefix);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = ServeCommand.RunAsync(engine, new LocalWebHostOptions { Port = 0 }, output, cts.Token);
        try
        {
            // The signal is the token line being written (or serve ending early), not a polling loop.
            var first = await Task.WhenAny(output.Seen, serving).WaitAsync(cts.Token);
            var text = output.ToString();
            Assert.True(first == output.Seen, "serve stopped early: " + text);

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

/// <summary>A <see cref="StringWriter"/> whose <see cref="Seen"/> completes when a written line starts with a prefix.</summary>
internal sealed class LineSignalWriter(string prefix) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
{
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Seen => _seen.Task;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        Check(value);
    }

    public override Task WriteLineAsync(string? value)
    {
        base.WriteLine(value);
        Check(value);
        return Task.CompletedTask;
    }

    private void Check(string? value)
    {
        if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal))
        {
            _seen.TrySetResult();
        }
    }
}
