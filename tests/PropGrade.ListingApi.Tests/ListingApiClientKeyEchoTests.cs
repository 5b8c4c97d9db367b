using System.Net;
using System.Text;
using PropGrade.Core.Listings;
using PropGrade.ListingApi.Tests.Support;

namespace PropGrade.ListingApi.Tests;

/// <summary>
/// A provider that echoes the API key (issue 12, defect 8): in headers and bodies, in every encoding, on a 500, on a
/// 200 and on the 401 whose message becomes the run's error. Nothing the client hands on holds any form of it.
/// </summary>
public sealed class ListingApiClientKeyEchoTests
{
    private const string Key = "Echo/Key+7f3a9c d81e==x";
    private const string ProfileJson = """{"agent":{"advertiser_id":1,"nrds_id":"n1","person_name":"A","mls":[{"abbreviation":"NJMLS","member":{"id":"M1"},"primary":true}]}}""";

    private static readonly RosterEntry Agent = new("1", "n1");

    private static string EchoText() => string.Join(" ", KeyEncodings.All(Key).Values);

    private static HttpResponseMessage Echoing(HttpStatusCode status, string json)
    {
        var echo = System.Text.Json.JsonEncodedText.Encode(EchoText()).ToString();
        var body = json.TrimStart() is ['{', .. var rest] ? $$"""{"echo":"{{echo}}",{{rest}}""" : json;
        return ScriptedHandler.Json(status, body, r =>
        {
            var i = 0;
            foreach (var form in KeyEncodings.All(Key).Values)
            {
                r.Headers.TryAddWithoutValidation($"X-Echo-{i++}", form);
            }

            r.Headers.TryAddWithoutValidation("X-Echo-All", EchoText());
            r.Headers.TryAddWithoutValidation("Www-Authenticate", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("u:" + Key)));
        });
    }

    private static ListingApiClient Client(ScriptedHandler handler) =>
        new(TestClients.FastOptions(), new FixedKeyProvider(Key), TimeProvider.System, handler, new Random(7));

    private static void AssertNoForm(string where, string text)
    {
        foreach (var (name, form) in KeyEncodings.All(Key))
        {
            Assert.False(text.Contains(form, StringComparison.Ordinal), $"{where} holds the key ({name}): {text}");
        }
    }

    private static void AssertClean(IEnumerable<Core.Audit.RawExchange> exchanges)
    {
        foreach (var exchange in exchanges)
        {
            AssertNoForm($"body of attempt {exchange.Attempt}", Encoding.Latin1.GetString(exchange.Body));
            foreach (var (name, value) in exchange.ResponseHeaders)
            {
                AssertNoForm($"header {name}", name + ": " + value);
            }

            AssertNoForm("url", exchange.Url);
            AssertNoForm("error", exchange.Error ?? "");
        }
    }

    [Fact]
    public async Task GetProfileAsync_500EchoingTheKeyThenOk_RecordsNeitherFormAndMapsTheProfile()
    {
        var handler = ScriptedHandler.Sequence(
            () => Echoing(HttpStatusCode.InternalServerError, """{"message":"internal error"}"""),
            () => Echoing(HttpStatusCode.OK, ProfileJson));
        using var client = Client(handler);
        var recorder = new ListRecorder();

        var profile = await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(new ListingsKey("1", "NJMLS", "M1"), profile.PrimaryListingsKey());
        Assert.Equal(2, recorder.Items.Count);
        AssertClean(recorder.Items);
        Assert.All(recorder.Items, r => Assert.Contains("***", Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal));
        Assert.All(recorder.Items, r => Assert.Contains("***", r.ResponseHeaders["X-Echo-All"], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task GetProfileAsync_ErrorMessageEchoingTheKey_FailsWithAMessageWithoutIt(HttpStatusCode status)
    {
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(status, $$"""{"message":"Key {{System.Text.Json.JsonEncodedText.Encode(EchoText())}} refused"}"""));
        using var client = Client(handler);
        var recorder = new ListRecorder();

        var ex = await Assert.ThrowsAnyAsync<ListingApiException>(() => client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None));

        AssertNoForm("the exception message", ex.Message);
        Assert.Contains("***", ex.Message, StringComparison.Ordinal);
        AssertClean(recorder.Items);
    }

    [Fact]
    public async Task GetProfileAsync_MessageCutInsideTheKey_QuotesNoPrefixOfIt()
    {
        // The quote of a provider message stops at 200 characters: the key is masked before, so no part of it survives.
        var message = new string('x', 190) + Key;
        var handler = ScriptedHandler.Sequence(() => ScriptedHandler.Json(HttpStatusCode.Unauthorized, $$"""{"message":"{{message.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}"""));
        using var client = Client(handler);

        var ex = await Assert.ThrowsAnyAsync<ListingApiException>(() => client.GetProfileAsync(Agent, TestClients.Context(new ListRecorder()), CancellationToken.None));

        Assert.DoesNotContain(Key[..8], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetProfileAsync_KeyRotates_TheNewKeyIsScrubbedToo()
    {
        var keys = new Queue<string>(["first-key-0123456789", "second-key-9876543210"]);
        var provider = new RotatingKeyProvider(keys);
        var handler = new ScriptedHandler((request, _, _) =>
        {
            var sent = request.Headers.GetValues("X-RapidAPI-Key").Single();
            return Task.FromResult(ScriptedHandler.Json(HttpStatusCode.OK, ProfileJson, r => r.Headers.TryAddWithoutValidation("X-Echo", sent)));
        });
        using var client = new ListingApiClient(TestClients.FastOptions(), provider, TimeProvider.System, handler, new Random(7));
        var recorder = new ListRecorder();

        await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);
        await client.GetProfileAsync(Agent, TestClients.Context(recorder), CancellationToken.None);

        Assert.Equal(["***", "***"], recorder.Items.Select(r => r.ResponseHeaders["X-Echo"]));
    }

    private sealed class RotatingKeyProvider(Queue<string> keys) : Core.Secrets.IApiKeyProvider
    {
        public ValueTask<string> GetApiKeyAsync(CancellationToken cancellationToken) => ValueTask.FromResult(keys.Dequeue());
    }
}
