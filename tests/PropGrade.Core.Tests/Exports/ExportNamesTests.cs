using PropGrade.Core.Exports;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Api;

namespace PropGrade.Core.Tests.Exports;

public sealed class ExportNamesTests
{
    [Theory]
    [InlineData("Q4 2026 Texas", "q4-2026-texas")]
    [InlineData("  Señor Núñez / São Paulo  ", "senor-nunez-sao-paulo")]
    [InlineData("=HYPERLINK(\"x\")", "hyperlink-x")]
    [InlineData("日本", "")]
    [InlineData("---", "")]
    public void Slug_Name_IsSafeLowerCaseAscii(string name, string slug)
    {
        Assert.Equal(slug, ExportNames.Slug(name));
    }

    [Fact]
    public void Slug_LongName_IsCutWithoutATrailingDash()
    {
        var slug = ExportNames.Slug(string.Join(' ', Enumerable.Repeat("abcdefghi", 10)));

        Assert.InRange(slug.Length, 1, ExportNames.MaxSlugLength);
        Assert.False(slug.EndsWith('-'));
    }

    [Fact]
    public void DownloadName_NamedRun_UsesTheSlug_UnnamedTheWindowEnd()
    {
        var named = ApiFakes.Record("r1", DateTimeOffset.UnixEpoch) with { Request = ApiFakes.SampleRequest with { Name = "Q4 2026 Texas" } };
        var unnamed = ApiFakes.Record("r2", DateTimeOffset.UnixEpoch);

        Assert.Equal("propgrade-q4-2026-texas-graded.xlsx", ExportNames.DownloadName(named, ExportNames.GradedXlsx));
        Assert.Equal("propgrade-q4-2026-texas-contacts.csv", ExportNames.DownloadName(named, ExportNames.ContactsCsv));
        Assert.Equal("propgrade-2026-11-23-summary.json", ExportNames.DownloadName(unnamed, ExportNames.SummaryJson));
        Assert.Equal("propgrade-2026-11-23-graded.csv", ExportNames.DownloadName(unnamed with { Request = unnamed.Request with { Name = "日本" } }, ExportNames.GradedCsv));
    }

    [Fact]
    public void DownloadName_RollingRun_UsesTheWindowOfItsApiToday()
    {
        var record = ApiFakes.Record("r1", DateTimeOffset.UnixEpoch) with
        {
            Request = ApiFakes.SampleRequest with { RollingMonths = 12 },
            ApiToday = new DateOnly(2027, 2, 23),
        };

        Assert.Equal("propgrade-2027-02-23-graded.csv", ExportNames.DownloadName(record, ExportNames.GradedCsv));
    }
}
