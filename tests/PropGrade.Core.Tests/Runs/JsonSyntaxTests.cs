using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class JsonSyntaxTests
{
    private static JsonException Error(string json) => Assert.ThrowsAny<JsonException>(() => JsonNode.Parse(json));

    [Fact]
    public void Describe_MissingComma_OneBasedLineAndColumnInCharacters()
    {
        const string json = "[\n  {\"name\": \"Ä\", \"minVolume\": 1}\n  {\"name\": \"B\"}\n]";

        var text = JsonSyntax.Describe(Error(json), json);

        Assert.StartsWith("line 3, column 3: ", text, StringComparison.Ordinal);
        Assert.Contains("Expected", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ColumnCountsCharactersNotBytes()
    {
        const string json = "{\"name\": \"Äéü\" x}";

        Assert.StartsWith("line 1, column 16: ", JsonSyntax.Describe(Error(json), json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the text is empty")]
    [InlineData("[1, 2,]", "a comma before the closing")]
    [InlineData("{\"a\": x}", "Expected a value")]
    [InlineData("// tiers\n[]", "JSON has no comments")]
    [InlineData("[{\"a\": 1}", "expected a closing")]
    public void Describe_ObscureMessages_AreExplained(string json, string expected)
    {
        Assert.Contains(expected, JsonSyntax.Describe(Error(json), json), StringComparison.Ordinal);
    }

    [Fact]
    public void Excerpt_PutsACaretUnderTheColumn()
    {
        const string json = "{\n  \"a\": 1\n  \"b\": 2\n}";

        var lines = JsonSyntax.Excerpt(Error(json), json, indent: "").Split(Environment.NewLine);

        Assert.Equal("  \"b\": 2", lines[0]);
        Assert.Equal("  ^", lines[1]);
    }
}
