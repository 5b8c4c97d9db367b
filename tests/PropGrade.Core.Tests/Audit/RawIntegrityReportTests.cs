using PropGrade.Core.Audit;

namespace PropGrade.Core.Tests.Audit;

public sealed class RawIntegrityReportTests
{
    [Fact]
    public void Summary_RefusedGroupAndUnverifiedSegment_NamesGroupSegmentReasonAndAgents()
    {
        var report = new RawIntegrityReport(
            10, 3, ["seg-000001-old.jsonl.gz"],
            [new RawIntegrityFailure("agents-1a2b3c-000012", "seg-000003-1a2b3c4d.jsonl.gz", RawIntegrityCodes.Sha256Mismatch, "its 10 bytes hash to ...", ["101", "102"])]);

        var summary = report.Summary()!;
        var notices = report.Notices();

        Assert.False(report.IsClean);
        Assert.Contains("raw group agents-1a2b3c-000012 in seg-000003-1a2b3c4d.jsonl.gz: sha256 mismatch", summary, StringComparison.Ordinal);
        Assert.Contains("raw_unverified", summary, StringComparison.Ordinal);
        Assert.Equal([RawIntegrityCodes.RawIntegrity, RawIntegrityCodes.RawUnverified], notices.Select(n => n.Code));
        Assert.Contains("its 2 agents (101, 102) are incomplete", notices[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_EveryGroupVerified_IsNull()
    {
        var report = new RawIntegrityReport(5, 0, [], []);

        Assert.True(report.IsClean);
        Assert.Null(report.Summary());
        Assert.Empty(report.Notices());
    }
}
