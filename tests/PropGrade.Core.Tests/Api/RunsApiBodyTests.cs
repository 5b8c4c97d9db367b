using System.Text;
using System.Text.Json;
using PropGrade.Core.Api;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Api;

/// <summary>
/// Bodies that are not a readable JSON document (not UTF-8, a lone surrogate escape, cut short) answer 400 naming the
/// problem, never 500, and start nothing: through the real parser, as both hosts run it.
/// </summary>
public sealed class RunsApiBodyTests
{
    private const string Token = "t";
    private static readonly RunDefaults Defaults = new(new DateOnly(2026, 11, 23), ["07030", "90210"]);

    private readonly FakeLauncher _launcher = new();
    private readonly List<Exception> _unhandled = [];
    private readonly RunsApi _api;

    public RunsApiBodyTests()
    {
        var policy = new RunRequestPolicy(_ => Task.FromResult(Defaults));
        _api = new RunsApi(new BearerTokenAuthenticator(Token), policy, _launcher, new InMemoryRunStore(), new InMemoryExportStore(), policy, onUnhandledException: _unhandled.Add);
    }

    private async Task<(int Status, string Field, string Message)> PostAsync(byte[] body)
    {
        var response = await _api.HandleAsync(
            ApiRequest.Create("POST", "/runs", headers: [new("Authorization", "Bearer " + Token), new("Content-Type", "application/json")], body: body),
            CancellationToken.None);
        var error = JsonDocument.Parse(response.Body).RootElement.GetProperty("errors")[0];
        return (response.StatusCode, error.GetProperty("field").GetString()!, error.GetProperty("message").GetString()!);
    }

    public static TheoryData<string, byte[], string> UnreadableBodies => new()
    {
        { "invalid UTF-8 in a value", [.. "{\"markets\":[\"0703"u8, 0xC3, .. "\"]}"u8], "UTF-8" },
        { "invalid UTF-8 in a name", [.. "{\"mark"u8, 0xFF, .. "ets\":[\"07030\"]}"u8], "UTF-8" },
        { "Latin-1 text", Encoding.Latin1.GetBytes("{\"markets\":[\"07030\"],\"tiers\":[{\"name\":\"Élite\",\"minVolume\":1}]}"), "UTF-8" },
        { "lone low surrogate in a name", "{\"\\udc00\":1}"u8.ToArray(), "surrogate" },
        { "cut short", "{\"markets\":[\"07030\""u8.ToArray(), "not valid JSON" },
        { "trailing garbage", "{} {}"u8.ToArray(), "not valid JSON" },
        { "comment", "{/* hi */}"u8.ToArray(), "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task PostRuns_UnreadableBody_Returns400WithAMessageAndStartsNothing(string scenario, byte[] body, string expected)
    {
        var (status, field, message) = await PostAsync(body);

        Assert.True(status == 400, $"{scenario}: {status} {message}");
        Assert.Equal("$", field);
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Empty(_launcher.Launched);
        Assert.Empty(_unhandled);
    }

    [Fact]
    public async Task PostRuns_LoneSurrogateInATierName_Returns400NamingTheTierName()
    {
        var (status, field, message) = await PostAsync("{\"tiers\":[{\"name\":\"A\\ud800\",\"minVolume\":1}]}"u8.ToArray());

        Assert.Equal(400, status);
        Assert.Equal("tiers[0].name", field);
        Assert.Contains("surrogate", message, StringComparison.Ordinal);
        Assert.Empty(_launcher.Launched);
        Assert.Empty(_unhandled);
    }

    [Fact]
    public async Task PostRuns_MalformedJson_Returns400WithLineAndColumn()
    {
        var (status, field, message) = await PostAsync("{\n  \"maxPages\": 3,\n  \"markets\": [\"07030\" \"90210\"]\n}"u8.ToArray());

        Assert.Equal(400, status);
        Assert.Equal("$", field);
        Assert.Contains("line 3, column", message, StringComparison.Ordinal);
        Assert.Empty(_launcher.Launched);
    }

    [Fact]
    public async Task PostRuns_ValidPairOfSurrogateEscapes_IsReadText()
    {
        // U+1F3E0 (a house) as an escaped surrogate pair is valid JSON text: the run is launched with that tier name.
        var response = await _api.HandleAsync(
            ApiRequest.Create("POST", "/runs", headers: [new("Authorization", "Bearer " + Token)],
                body: "{\"tiers\":[{\"name\":\"\\ud83c\\udfe0\",\"minVolume\":1}]}"u8.ToArray()),
            CancellationToken.None);

        Assert.Equal(202, response.StatusCode);
        Assert.Equal("\U0001F3E0", Assert.Single(_launcher.Launched).Request.Tiers[0].Name);
    }
}
