namespace PropGrade.Cli.Tests;

public sealed class NativeHeapTuningTests
{
    [Fact]
    public void Apply_OnThisMachine_IsTakenByGlibcAndIgnoredElsewhere()
    {
        var taken = NativeHeapTuning.Apply();

        if (!OperatingSystem.IsLinux())
        {
            Assert.False(taken);
        }
        else if (File.Exists("/etc/debian_version"))
        {
            // CI and this project's machines are Debian (glibc): the call must reach mallopt and be accepted.
            Assert.True(taken);
        }
    }
}
