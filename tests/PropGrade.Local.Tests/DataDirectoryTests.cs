using System.Runtime.Versioning;
using PropGrade.Core.Runs;
using PropGrade.Local.Tests.Fakes;

namespace PropGrade.Local.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("pg-datadir-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Path(params string[] parts) => System.IO.Path.Combine([_root, .. parts]);

    private string[] Everything() => [.. Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static string Temp(string directory, string name) => System.IO.Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");

    private static void Write(string path, DateTimeOffset? lastWrite = null)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "partial");
        if (lastWrite is { } when)
        {
            File.SetLastWriteTimeUtc(path, when.UtcDateTime);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Problem_EmptyPath_SaysItIsEmpty(string? path) =>
        Assert.Contains("empty", DataDirectory.Problem(path), StringComparison.Ordinal);

    [Fact]
    public void Problem_PathIsAFile_SaysSo()
    {
        Write(Path("data"));

        Assert.Equal($"'{Path("data")}' is a file, not a directory.", DataDirectory.Problem(Path("data")));
    }

    [Fact]
    public void Problem_PathUnderAFile_NamesTheFile()
    {
        Write(Path("file"));

        var problem = DataDirectory.Problem(Path("file", "sub", "data"));

        Assert.Equal($"'{Path("file", "sub", "data")}' cannot be created: '{Path("file")}' is a file, not a directory.", problem);
    }

    [Theory]
    [InlineData("/proc")]
    [InlineData("/proc/propgrade-data")]
    [InlineData("/proc/propgrade/deeper/data")]
    public void Problem_NotWritable_SaysSo(string path)
    {
        // /proc refuses new files even to root (these tests run as root in CI, where chmod would not stop a write).
        var problem = DataDirectory.Problem(path);

        Assert.NotNull(problem);
        Assert.Contains("not writable", problem, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/proc/propgrade-data"));
    }

    [Fact]
    public void Problem_UsableOrCreatable_IsNullAndCreatesNothing()
    {
        Directory.CreateDirectory(Path("existing"));
        var before = Everything();

        Assert.Null(DataDirectory.Problem(Path("existing")));
        Assert.Null(DataDirectory.Problem(Path("missing", "deeper")));
        Assert.Equal(before, Everything());
    }

    [Fact]
    public void Prepare_PathUnderAFile_ThrowsNamingItAndCreatesNothing()
    {
        Write(Path("file"));
        var before = Everything();

        var thrown = Assert.Throws<DataDirectoryException>(() => DataDirectory.Prepare(Path("file", "data")));

        Assert.Contains("is a file", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(before, Everything());
    }

    [Fact]
    public void Prepare_MissingDirectory_CreatesItAndItsParentsOwnerOnly()
    {
        var full = DataDirectory.Prepare(Path("a", "b", "data"));

        Assert.Equal(Path("a", "b", "data"), full);
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path("a", "b", "data")));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path("a")));
    }

    [Fact]
    public void Prepare_FilesAnEarlierVersionLeftReadable_AreNarrowed()
    {
        var data = Path("data");
        Write(System.IO.Path.Combine(data, "propgrade.db"));
        Write(System.IO.Path.Combine(data, "propgrade.db-wal"));
        Directory.CreateDirectory(System.IO.Path.Combine(data, "runs"));
        File.SetUnixFileMode(System.IO.Path.Combine(data, "propgrade.db"), (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(System.IO.Path.Combine(data, "propgrade.db-wal"), (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(System.IO.Path.Combine(data, "runs"), (UnixFileMode)0b111_101_101);

        DataDirectory.Prepare(data);

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(System.IO.Path.Combine(data, "propgrade.db")));
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(System.IO.Path.Combine(data, "propgrade.db-wal")));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(System.IO.Path.Combine(data, "runs")));
    }

    [Fact]
    public void RemoveStaleTempFiles_KilledWritersLeftovers_AreRemovedAndNothingElse()
    {
        var data = Path("data");
        var exports = System.IO.Path.Combine(data, "runs", "r1", "exports");
        var raw = System.IO.Path.Combine(data, "runs", "r1", "raw");
        string[] stale = [Temp(exports, "graded.xlsx"), Temp(raw, "manifest.json"), Temp(data, "propgrade.lease"), Temp(System.IO.Path.Combine(data, "runs", "r2"), "items.json")];
        string[] kept =
        [
            System.IO.Path.Combine(exports, "graded.csv"),
            System.IO.Path.Combine(exports, ".graded.csv.tmp"),
            System.IO.Path.Combine(exports, ".graded.csv.not-a-guid-at-all-0000000000000.tmp"),
            System.IO.Path.Combine(raw, "seg-000001-abcd1234.jsonl.gz"),
            System.IO.Path.Combine(data, "propgrade.db"),
            System.IO.Path.Combine(data, "propgrade.db-wal"),
            System.IO.Path.Combine(data, "propgrade.db-shm"),
            Temp(System.IO.Path.Combine(data, "runs", "r1", "exports", "deeper"), "graded.csv"),
        ];
        foreach (var file in stale.Concat(kept))
        {
            Write(file, LongAgo);
        }

        var removed = DataDirectory.RemoveStaleTempFiles(data, TimeProvider.System.GetUtcNow());

        Assert.Equal(stale.Order(StringComparer.Ordinal), removed.Order(StringComparer.Ordinal));
        Assert.All(stale, f => Assert.False(File.Exists(f), f));
        Assert.All(kept, f => Assert.True(File.Exists(f), f));
    }

    [Fact]
    public void RemoveStaleTempFiles_KilledAggregationsSortDirectory_IsRemovedButALiveOneIsKept()
    {
        var temp = Path("data", DataDirectory.TempFolder);
        var stale = System.IO.Path.Combine(temp, ".propgrade-sort-0123456789abcdef0123456789abcdef");
        var live = System.IO.Path.Combine(temp, ".propgrade-sort-fedcba9876543210fedcba9876543210");
        var other = System.IO.Path.Combine(temp, "someone-elses");
        foreach (var file in (string[])[System.IO.Path.Combine(stale, "run-00000.bin"), System.IO.Path.Combine(stale, "run-00001.bin"), System.IO.Path.Combine(live, "run-00000.bin"), System.IO.Path.Combine(other, "x.bin")])
        {
            Write(file, LongAgo);
        }

        foreach (var directory in (string[])[stale, live, other])
        {
            Directory.SetLastWriteTimeUtc(directory, LongAgo.UtcDateTime);
        }

        // A live merge (another process aggregating) holds its run files open.
        using (var reader = new FileStream(System.IO.Path.Combine(live, "run-00000.bin"), FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            var removed = DataDirectory.RemoveStaleTempFiles(Path("data"), TimeProvider.System.GetUtcNow());

            Assert.Equal([stale], removed);
        }

        Assert.False(Directory.Exists(stale));
        Assert.True(File.Exists(System.IO.Path.Combine(live, "run-00000.bin")));
        Assert.True(File.Exists(System.IO.Path.Combine(other, "x.bin")));
    }

    [Fact]
    public void RemoveStaleTempFiles_WrittenSinceTheCutOff_IsKept()
    {
        var file = Temp(Path("data", "runs", "r1", "exports"), "graded.csv");
        Write(file);

        var removed = DataDirectory.RemoveStaleTempFiles(Path("data"), TimeProvider.System.GetUtcNow().AddHours(-1));

        Assert.Empty(removed);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void RemoveStaleTempFiles_HeldOpenByAnotherWriter_IsKept()
    {
        var file = Temp(Path("data", "runs", "r1", "exports"), "graded.xlsx");
        Write(file, LongAgo);
        // A live writer (another process's export in flight) holds its temp file the way FileExportStore does.
        using (var writer = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var removed = DataDirectory.RemoveStaleTempFiles(Path("data"), TimeProvider.System.GetUtcNow());

            Assert.Empty(removed);
            Assert.True(File.Exists(file));
        }

        Assert.Single(DataDirectory.RemoveStaleTempFiles(Path("data"), TimeProvider.System.GetUtcNow()));
    }

    [Fact]
    public async Task NewLocalEngine_TempExportAKilledRunLeft_IsRemovedAtStart()
    {
        var data = Path("data");
        var leftover = Temp(System.IO.Path.Combine(data, "runs", "20261123T000000Z-abcd", "exports"), "graded.xlsx");
        Write(leftover, LongAgo);

        await using (new LocalEngine(new LocalEngineOptions { DataDir = data, SourceConnector = new FakeWorldSource(10), RawStoreFactory = _ => null }))
        {
            Assert.False(File.Exists(leftover));
        }
    }

    [Fact]
    public async Task NewLocalEngine_MissingDataDirectory_IsCreatedOwnerOnlyWithAnOwnerOnlyDatabase()
    {
        var data = Path("fresh");
        await using (var engine = new LocalEngine(new LocalEngineOptions { DataDir = data, SourceConnector = new FakeWorldSource(10), RawStoreFactory = _ => null }))
        {
            var defaults = await engine.GetDefaultsAsync(default);
            await engine.SubmitAsync(defaults.CreateDefaultRequest(), RunTrigger.Cli, default);
        }

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(data));
        var files = Directory.GetFiles(data);
        Assert.Contains(System.IO.Path.Combine(data, "propgrade.db"), files);
        Assert.All(files, f => Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(f)));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("file/data")]
    public void NewLocalEngine_DataDirectoryIsOrIsUnderAFile_ThrowsAndCreatesNothing(string relative)
    {
        Write(Path("file"));
        var before = Everything();

        var thrown = Assert.Throws<DataDirectoryException>(() => new LocalEngine(new LocalEngineOptions { DataDir = Path(relative), SourceConnector = new FakeWorldSource(10) }));

        Assert.Contains("is a file", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(before, Everything());
    }
}
