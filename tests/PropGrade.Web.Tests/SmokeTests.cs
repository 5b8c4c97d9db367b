namespace PropGrade.Web.Tests;

[Trait("Category", "Integration")]
public sealed class SmokeTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Chromium_Launches_RendersAPage()
    {
        var page = await chromium.Browser.NewPageAsync();
        await page.SetContentAsync("<p id='x'>hello</p>");
        Assert.Equal("hello", await page.TextContentAsync("#x"));
    }
}
