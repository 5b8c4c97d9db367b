using PropGrade.Cli.Output;
using PropGrade.Simulator;

namespace PropGrade.Cli.Tests.Requests;

/// <summary>
/// <c>--data-dir</c> that cannot be a data directory, and run ids looked up where there is no PropGrade data: exit 2 with
/// a clear message, and nothing created (not even the directory).
/// </summary>
public sealed class DataDirFlagTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg-cli-datadir-").FullName;
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Path(params string[] parts) => System.IO.Path.Combine([_root, .. parts]);

    private string[] Everything() => [.. Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private Task<int> RunAsync(params string[] args) => CliApp.InvokeAsync(args, new CliContext(_out, _error, null)
    {
        ConfigureEngine = o => o.Simulator = new SimulatorOptions { Agents = 20, Today = new DateOnly(2026, 11, 23), RequestLogCapacity = 0 },
    });

    private string File(string name)
    {
        var path = Path(name);
        System.IO.File.WriteAllText(path, "not a directory");
        return path;
    }

    public static TheoryData<string[]> Commands => new()
    {
        { ["run"] },
        { ["run", "--resume", "20261123T000000Z-abcdef"] },
        { ["regrade", "20261123T000000Z-abcdef"] },
        { ["runs", "show", "20261123T000000Z-abcdef"] },
        { ["runs", "list"] },
        { ["serve", "--port", "0"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_EmptyDataDir_Exits2NamingTheFlag(string[] command)
    {
        var exit = await RunAsync([.. command, "--data-dir", ""]);

        Assert.Equal(2, exit);
        Assert.Contains("--data-dir: the data directory path is empty", _error.ToString(), StringComparison.Ordinal);
        Assert.Empty(_out.ToString());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_DataDirIsAFile_Exits2AndLeavesTheFileAlone(string[] command)
    {
        var file = File("data");
        var before = Everything();

        var exit = await RunAsync([.. command, "--data-dir", file]);

        Assert.Equal(2, exit);
        Assert.Contains($"--data-dir: '{file}' is a file, not a directory.", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Everything());
        Assert.Equal("not a directory", System.IO.File.ReadAllText(file));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_DataDirUnderAFile_Exits2NamingTheFile(string[] command)
    {
        var file = File("data");
        var before = Everything();

        var exit = await RunAsync([.. command, "--data-dir", System.IO.Path.Combine(file, "sub")]);

        Assert.Equal(2, exit);
        Assert.Contains($"'{file}' is a file, not a directory.", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Everything());
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Command_DataDirNotWritable_Exits2SayingSo(string[] command)
    {
        // /proc refuses new entries even to root (CI runs as root, where a chmod would not stop anyone).
        var exit = await RunAsync([.. command, "--data-dir", "/proc/propgrade-cli-test"]);

        Assert.Equal(2, exit);
        Assert.Contains("not writable", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists("/proc/propgrade-cli-test"));
    }

    [Theory]
    [InlineData("run", "--resume", "20261123T000000Z-abcdef")]
    [InlineData("regrade", "20261123T000000Z-abcdef")]
    [InlineData("runs", "show", "20261123T000000Z-abcdef")]
    public async Task LookUp_UnknownRunWhereNoDataDirExists_Exits2AndCreatesNothing(params string[] command)
    {
        var missing = Path("never-made");

        var exit = await RunAsync([.. command, "--data-dir", missing]);

        Assert.Equal(2, exit);
        Assert.Contains("no run '20261123T000000Z-abcdef'", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("does not exist", _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Everything());
    }

    [Theory]
    [InlineData("run", "--resume", "20261123T000000Z-abcdef")]
    [InlineData("regrade", "20261123T000000Z-abcdef")]
    [InlineData("runs", "show", "20261123T000000Z-abcdef")]
    public async Task LookUp_UnknownRunInADirectoryWithoutData_Exits2AndWritesNothingThere(params string[] command)
    {
        Directory.CreateDirectory(Path("empty"));

        var exit = await RunAsync([.. command, "--data-dir", Path("empty")]);

        Assert.Equal(2, exit);
        Assert.Contains("holds no PropGrade data", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal([Path("empty")], Everything());
    }

    [Fact]
    public async Task RunsList_NoDataDirectory_SaysNoRunsAndCreatesNothing()
    {
        var exit = await RunAsync("runs", "list", "--data-dir", Path("never-made"));

        Assert.Equal(0, exit);
        Assert.Contains("No runs in", _out.ToString(), StringComparison.Ordinal);
        Assert.Empty(Everything());
    }

    [Fact]
    public async Task Regrade_BadRunIdAndBadDataDir_NamesBoth()
    {
        var exit = await RunAsync("regrade", "../etc", "--data-dir", "");

        Assert.Equal(2, exit);
        Assert.Contains("RUNID: '../etc' is not a run id.", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--data-dir:", _error.ToString(), StringComparison.Ordinal);
    }
}
