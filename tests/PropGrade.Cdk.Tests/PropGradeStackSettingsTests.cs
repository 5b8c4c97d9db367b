namespace PropGrade.Cdk.Tests;

/// <summary>In the stack collection: jsii must not start two Apps at once (its module loading is not thread-safe).</summary>
[Collection(StackCollection.Name)]
public sealed class PropGradeStackSettingsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var settings = new PropGradeStackSettings().Validate();
        Assert.Equal(10, settings.MaxConcurrency);
        Assert.Equal(100, settings.AgentsPerBatch);
        Assert.Equal(512, settings.WorkerMemoryMb);
        Assert.Equal(900, settings.WorkerTimeoutSeconds);
        // Budget = timeout − 20 %; requests in flight cut a quarter of that margin before the timeout.
        Assert.Equal(180, settings.SoftMarginFor(900));
        Assert.Equal(45, settings.HardMarginFor(900));
        // The key's lock outlives two of the longest invocations plus five minutes.
        Assert.Equal(2100, settings.KeyLockTtlSeconds);
    }

    [Fact]
    public void Validate_EveryBadSetting_IsNamedInOneError()
    {
        var bad = new PropGradeStackSettings { MaxConcurrency = 0, ExportLinkMinutes = 60, ApiBaseUrl = "nope", RequestsPerSecond = 0, WorkerTimeoutSeconds = 1000, BudgetMarginSeconds = -1 };
        var error = Assert.Throws<ArgumentException>(() => bad.Validate());
        Assert.Contains("workerTimeoutSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("budgetMarginSeconds", error.Message, StringComparison.Ordinal);
        Assert.Contains("maxConcurrency", error.Message, StringComparison.Ordinal);
        Assert.Contains("exportLinkMinutes", error.Message, StringComparison.Ordinal);
        Assert.Contains("apiBaseUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("requestsPerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_TolerateNoFailedChildAndSizeTheTimeoutForAMillionAgents()
    {
        var settings = new PropGradeStackSettings().Validate();
        Assert.Equal(0, settings.ToleratedFailurePercentage);
        Assert.Equal(1_000_000, settings.LargestRunAgents);
        Assert.Equal(3, settings.CallsPerAgent);
        Assert.Equal(2, settings.ExecutionTimeoutSafetyFactor);
        Assert.Equal("", settings.AlarmEmail);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0.5)]
    [InlineData(-1)]
    public void Validate_ToleratedFailurePercentage_CanOnlyBeLoweredToZero(double tolerance)
    {
        var error = Assert.Throws<ArgumentException>(() => new PropGradeStackSettings { ToleratedFailurePercentage = tolerance }.Validate());
        Assert.Contains("toleratedFailurePercentage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadTimeoutInputsAndEmail_AreNamed()
    {
        var bad = new PropGradeStackSettings { LargestRunAgents = 0, CallsPerAgent = 0, ExecutionTimeoutSafetyFactor = 0.9, AlarmEmail = "not an address" };
        var error = Assert.Throws<ArgumentException>(() => bad.Validate());
        foreach (var key in new[] { "largestRunAgents", "callsPerAgent", "executionTimeoutSafetyFactor", "alarmEmail" })
        {
            Assert.Contains(key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromContext_ReadsTheOperationalKeys()
    {
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps
        {
            Context = new Dictionary<string, object>
            {
                ["largestRunAgents"] = 150_000,
                ["callsPerAgent"] = "10",
                ["executionTimeoutSafetyFactor"] = 3,
                ["requestsPerSecond"] = 5,
                ["alarmEmail"] = "ops@example.com",
                ["toleratedFailurePercentage"] = 0,
            },
        });
        var settings = PropGradeStackSettings.FromContext(app.Node);
        Assert.Equal(150_000, settings.LargestRunAgents);
        Assert.Equal(10, settings.CallsPerAgent);
        Assert.Equal(3, settings.ExecutionTimeoutSafetyFactor);
        Assert.Equal("ops@example.com", settings.AlarmEmail);
        // 3 × 150,000 × 10 / 5 = 900,000 s = 250 h; + 1 h = 251 h.
        Assert.Equal(TimeSpan.FromHours(251), settings.ExecutionTimeout);
    }

    [Fact]
    public void FromContext_AToleranceAboveZero_IsRefused()
    {
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { ["toleratedFailurePercentage"] = 5 } });
        var error = Assert.Throws<ArgumentException>(() => PropGradeStackSettings.FromContext(app.Node));
        Assert.Contains("toleratedFailurePercentage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveFunctionsAssetPath_MissingPublishFolder_FallsBackToPlaceholder()
    {
        var settings = new PropGradeStackSettings { FunctionsAssetPath = "/no/such/folder", PlaceholderAssetPath = "/tmp" };
        Assert.Equal("/tmp", settings.ResolveFunctionsAssetPath());
        Assert.Equal(AppContext.BaseDirectory, (settings with { FunctionsAssetPath = AppContext.BaseDirectory }).ResolveFunctionsAssetPath());
    }
}
