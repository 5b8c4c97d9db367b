using System.Runtime.Versioning;

namespace PropGrade.Local.Tests;

[UnsupportedOSPlatform("windows")]
public sealed class PrivateFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pg-private-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Open_NewFile_IsOwnerOnlyFromTheStart()
    {
        var path = Path.Combine(_root, "graded.csv");

        using (var stream = PrivateFiles.Open(path, FileMode.CreateNew, FileAccess.Write))
        {
            Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
            stream.WriteByte(1);
        }

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Open_ExistingFileForReading_LeavesItsModeAndReads()
    {
        var path = Path.Combine(_root, "old.csv");
        File.WriteAllText(path, "x");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_100_100);

        using (var stream = PrivateFiles.Open(path, FileMode.Open, FileAccess.Read))
        {
            Assert.Equal('x', stream.ReadByte());
        }

        Assert.Equal((UnixFileMode)0b110_100_100, File.GetUnixFileMode(path));
    }

    [Fact]
    public void CreateDirectory_MissingParents_AreAllOwnerOnly()
    {
        PrivateFiles.CreateDirectory(Path.Combine(_root, "runs", "r1", "exports"));

        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(_root, "runs")));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(_root, "runs", "r1", "exports")));
    }

    [Fact]
    public void Restrict_ReadableFileAndDirectory_AreNarrowed()
    {
        var file = Path.Combine(_root, "propgrade.db");
        File.WriteAllText(file, "");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
        var directory = Directory.CreateDirectory(Path.Combine(_root, "runs")).FullName;
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);

        PrivateFiles.Restrict(file);
        PrivateFiles.Restrict(directory);
        PrivateFiles.Restrict(Path.Combine(_root, "missing"));

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(directory));
    }

    [Theory]
    [InlineData(".graded.csv.0123456789abcdef0123456789abcdef.tmp", true)]
    [InlineData(".summary.json.ffffffffffffffffffffffffffffffff.tmp", true)]
    [InlineData("graded.csv.0123456789abcdef0123456789abcdef.tmp", false)]
    [InlineData(".graded.csv.0123456789ABCDEF0123456789ABCDEF.tmp", false)]
    [InlineData(".graded.csv.tmp", false)]
    [InlineData(".graded.csv.0123456789abcdef0123456789abcdef.tmp.bak", false)]
    [InlineData("propgrade.db-wal", false)]
    public void IsTempName_OnlyNamesTempPathMakes(string name, bool expected) =>
        Assert.Equal(expected, PrivateFiles.IsTempName(name));

    [Fact]
    public void TempPath_IsAHiddenTempNameInTheDirectory()
    {
        var temp = PrivateFiles.TempPath(_root, "graded.xlsx");

        Assert.Equal(_root, Path.GetDirectoryName(temp));
        Assert.StartsWith(".graded.xlsx.", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.True(PrivateFiles.IsTempName(Path.GetFileName(temp)));
    }
}
