namespace PropGrade.Cdk.Tests;

public sealed class PropGradeStackSettingsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var settings = new PropGradeStackSettings().Validate();
        Assert.Equal(10, settings.MaxConcurrency);
        Assert.Equal(0.5, settings.RequestsPerSecondPerWorker);
    }

    [Fact]
    public void Validate_EveryBadSetting_IsNamedInOneError()
    {
        var bad = new PropGradeStackSettings { MaxConcurrency = 0, ExportLinkMinutes = 60, ApiBaseUrl = "nope", RequestsPerSecond = 0 };
        var error = Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.Contains("maxConcurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("exportLinkMinutes", error.Message, StringComparison.Ordinal);
        Assert.Contains("apiBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("requestsPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFunctionsAssetPath_MissingPublishFolder_FallsBackToPlaceholder()
    {
        var settings = new PropGradeStackSettings { FunctionsAssetPath = "/no/such/folder", PlaceholderAssetPath = "/tmp" };
        Assert.Equal("/tmp", settings.ResolveFunctionsAssetPath());
        Assert.Equal(AppContext.BaseDirectory, (settings with { FunctionsAssetPath = AppContext.BaseDirectory }).ResolveFunctionsAssetPath());
    }
}
