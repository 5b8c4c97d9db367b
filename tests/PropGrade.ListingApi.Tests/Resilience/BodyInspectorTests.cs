using System.Text;
using PropGrade.ListingApi.Resilience;

namespace PropGrade.ListingApi.Tests.Resilience;

public sealed class BodyInspectorTests
{
    [Theory]
    [InlineData("""{"a":[1,2,{"b":null}]}""", "application/json", null)]
    [InlineData("""  {"a":1}  """, null, null)]
    [InlineData("""<!DOCTYPE html><html></html>""", "application/json", "html_body")]
    [InlineData("""{"message":"error"}""", "text/html", "html_body")]
    [InlineData("", "application/json", "truncated_body")]
    [InlineData("""{"a":[1,2""", "application/json", "truncated_body")]
    [InlineData("""{"a":"unterminated""", "application/json", "truncated_body")]
    [InlineData("""{"a":1,}""", "application/json", "malformed_body")]
    [InlineData("""{"a":1}}""", "application/json", "malformed_body")]
    [InlineData("""{"a":1} {"b":2}""", "application/json", "malformed_body")]
    public void Inspect_Body_ReturnsExpectedReason(string body, string? mediaType, string? expected)
    {
        Assert.Equal(expected, BodyInspector.Inspect(Encoding.UTF8.GetBytes(body), mediaType));
    }
}
