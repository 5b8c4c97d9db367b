using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

public sealed class RunSourceTests
{
    private static RunRecord Record(RunSource? source, string? regradeOf = null) => new(
        "20261123T000000Z-abcd", RunStatus.Running, new RunRequest([], new DateOnly(2025, 11, 23), new DateOnly(2026, 11, 23), false, [], ["07030"], null, 19),
        RunTrigger.Cli, DateTimeOffset.UnixEpoch, null, null, RunCounters.Zero, new Dictionary<string, int>(), null, [], RegradeOf: regradeOf, Source: source);

    [Fact]
    public void ForApi_UrlWithKeyInQueryAndUserInfo_KeepsNeitherAndNormalizes()
    {
        var source = RunSource.ForApi(new Uri("HTTPS://user:secret-key@Realty-In-US.p.RapidAPI.com:443/v2?rapidapi-key=secret-key#frag"), " Realty-in-US.p.rapidapi.com ");

        Assert.Equal("https://realty-in-us.p.rapidapi.com/v2/", source.BaseUrl);
        Assert.Equal("realty-in-us.p.rapidapi.com", source.Host);
        Assert.Equal("realty-in-us.p.rapidapi.com", source.Provider);
        Assert.DoesNotContain("secret", source.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ForApi_SameBaseWrittenDifferently_IsTheSameSource()
    {
        var a = RunSource.ForApi(new Uri("http://127.0.0.1:5000"), "realty-in-us.p.rapidapi.com");
        var b = RunSource.ForApi(new Uri("http://127.0.0.1:5000/?x=1"), "REALTY-IN-US.p.rapidapi.com");

        Assert.True(a.SameAs(b));
        Assert.Equal("http://127.0.0.1:5000/", a.BaseUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5001/", "realty-in-us.p.rapidapi.com")]
    [InlineData("https://127.0.0.1:5000/", "realty-in-us.p.rapidapi.com")]
    [InlineData("http://127.0.0.1:5000/other/", "realty-in-us.p.rapidapi.com")]
    [InlineData("http://127.0.0.1:5000/", "another-api.p.rapidapi.com")]
    public void SameAs_AnotherPortSchemePathOrProvider_IsAnotherSource(string baseUrl, string host)
    {
        var pinned = RunSource.ForApi(new Uri("http://127.0.0.1:5000/"), "realty-in-us.p.rapidapi.com");

        Assert.False(pinned.SameAs(RunSource.ForApi(new Uri(baseUrl), host)));
    }

    [Fact]
    public void Embedded_PortNotPinnedButWorldIs()
    {
        var source = RunSource.Embedded(42, 2000);

        Assert.Equal(new RunSource("http://127.0.0.1/", "127.0.0.1", "simulator (seed 42, 2000 agents)"), source);
        Assert.True(source.SameAs(RunSource.Embedded(42, 2000)));
        Assert.False(source.SameAs(RunSource.Embedded(43, 2000)));
        Assert.False(source.SameAs(RunSource.Embedded(42, 500)));
        Assert.False(source.SameAs(RunSource.ForApi(new Uri("http://127.0.0.1/"), "realty-in-us.p.rapidapi.com")));
    }

    [Fact]
    public void Mismatch_AnotherSource_NamesBothSources()
    {
        var stored = RunSource.ForApi(new Uri("http://127.0.0.1:5000/"), "realty-in-us.p.rapidapi.com");

        var problem = RunSource.Mismatch(Record(stored), RunSource.Embedded(42, 2000), adoptUnrecorded: true);

        Assert.NotNull(problem);
        Assert.Contains("http://127.0.0.1:5000/", problem, StringComparison.Ordinal);
        Assert.Contains("embedded simulator (seed 42, 2000 agents)", problem, StringComparison.Ordinal);
        Assert.Contains("--api-base http://127.0.0.1:5000/", problem, StringComparison.Ordinal);
        Assert.Null(RunSource.Mismatch(Record(stored), stored with { }, adoptUnrecorded: false));
    }

    [Fact]
    public void Mismatch_RecordWithoutSource_RefusedUnlessAdopted()
    {
        var current = RunSource.Embedded(42, 2000);

        var problem = RunSource.Mismatch(Record(null), current, adoptUnrecorded: false);

        Assert.NotNull(problem);
        Assert.Contains("--adopt-source", problem, StringComparison.Ordinal);
        Assert.Null(RunSource.Mismatch(Record(null), current, adoptUnrecorded: true));
    }

    [Fact]
    public void Mismatch_Regrade_NeverRefused()
    {
        var stored = RunSource.ForApi(new Uri("http://127.0.0.1:5000/"), "realty-in-us.p.rapidapi.com");

        Assert.Null(RunSource.Mismatch(Record(stored, regradeOf: "20261122T000000Z-0000"), RunSource.Embedded(42, 2000), adoptUnrecorded: false));
    }
}
