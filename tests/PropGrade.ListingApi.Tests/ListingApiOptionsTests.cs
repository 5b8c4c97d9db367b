namespace PropGrade.ListingApi.Tests;

public sealed class ListingApiOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new ListingApiOptions();

        options.Validate();

        Assert.Equal((5d, "realty-in-us.p.rapidapi.com"), (options.RequestsPerSecond, options.Host));
        Assert.Equal((0.02, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(3), 5), (options.RateHeadroom, options.RateLimitWindow, options.ThrottlePatience, options.MaxRetryAttempts));
    }

    [Theory]
    [InlineData(nameof(ListingApiOptions.RequestsPerSecond))]
    [InlineData(nameof(ListingApiOptions.BaseAddress))]
    [InlineData(nameof(ListingApiOptions.TotalTimeout))]
    [InlineData(nameof(ListingApiOptions.CircuitFailureThreshold))]
    [InlineData(nameof(ListingApiOptions.DiscoveryPageSize))]
    [InlineData(nameof(ListingApiOptions.RateDecreaseFactor))]
    [InlineData(nameof(ListingApiOptions.RateHeadroom))]
    [InlineData(nameof(ListingApiOptions.RateLimitWindow))]
    [InlineData(nameof(ListingApiOptions.ThrottlePatience))]
    public void Validate_BadSetting_ThrowsNamingIt(string setting)
    {
        var options = new ListingApiOptions();
        switch (setting)
        {
            case nameof(ListingApiOptions.RequestsPerSecond): options.RequestsPerSecond = 0; break;
            case nameof(ListingApiOptions.BaseAddress): options.BaseAddress = new Uri("http://x/api"); break;
            case nameof(ListingApiOptions.TotalTimeout): options.TotalTimeout = TimeSpan.FromSeconds(1); break;
            case nameof(ListingApiOptions.CircuitFailureThreshold): options.CircuitFailureThreshold = 1; break;
            case nameof(ListingApiOptions.DiscoveryPageSize): options.DiscoveryPageSize = 21; break;
            case nameof(ListingApiOptions.RateDecreaseFactor): options.RateDecreaseFactor = 1; break;
            case nameof(ListingApiOptions.RateHeadroom): options.RateHeadroom = 0.5; break;
            case nameof(ListingApiOptions.RateLimitWindow): options.RateLimitWindow = TimeSpan.Zero; break;
            case nameof(ListingApiOptions.ThrottlePatience): options.ThrottlePatience = TimeSpan.FromSeconds(-1); break;
        }

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(setting, ex.ParamName);
    }
}
