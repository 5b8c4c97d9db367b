namespace PropGrade.Cdk.Tests;

public sealed class ExecutionTimeoutTests
{
    [Fact]
    public void For_Defaults_IsTheRateBoundDurationTimesTwoPlusAnHour_InWholeHours()
    {
        // 2 × 1,000,000 × 3 / 5 = 1,200,000 s = 333.3 h; + 1 h = 334.3 h → 335 h.
        var settings = new PropGradeStackSettings();
        Assert.Equal(TimeSpan.FromHours(335), settings.ExecutionTimeout);
        Assert.Equal(TimeSpan.FromHours(335), ExecutionTimeout.For(1_000_000, 3, 5, 2));
    }

    [Theory]
    [InlineData(10_000, 3, 5, 2, 5)] // 12,000 s + 1 h = 4.3 h → 5 h
    [InlineData(150_000, 3, 5, 1, 26)] // the run past 24 h: 90,000 s + 1 h = 26 h
    [InlineData(1, 1, 1000, 1, 2)] // a millisecond of calls past the hour rounds up to 2 h
    [InlineData(360, 10, 1, 1, 2)] // exactly 3,600 s + 1 h = 2 h
    public void For_SizesFromAgentsCallsAndRate(int agents, double calls, double rate, double safety, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), ExecutionTimeout.For(agents, calls, rate, safety));
    }

    [Fact]
    public void For_AHugeRun_IsCappedAtStepFunctionsOneYearLimit()
    {
        Assert.Equal(TimeSpan.FromDays(365), ExecutionTimeout.For(1_000_000, 20, 0.1, 3));
        Assert.Equal(TimeSpan.FromDays(365), ExecutionTimeout.StepFunctionsLimit);
        // Just under the cap stays exact: 364 days of calls at safety 1 → 8,736 h + 1 h.
        Assert.Equal(TimeSpan.FromHours(8737), ExecutionTimeout.For(364 * 24 * 3600, 1, 1, 1));
    }

    [Fact]
    public void For_InvalidInputs_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionTimeout.For(0, 3, 5, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionTimeout.For(1, 0, 5, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionTimeout.For(1, 3, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExecutionTimeout.For(1, 3, 5, 0.5));
    }
}
