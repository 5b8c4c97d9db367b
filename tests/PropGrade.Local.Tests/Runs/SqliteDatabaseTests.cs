using System.Runtime.Versioning;
using PropGrade.Local.Runs;

namespace PropGrade.Local.Tests.Runs;

[UnsupportedOSPlatform("windows")]
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-sqlite-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task OpenAsync_NewDatabase_ItsFileWalAndShmAreOwnerOnly()
    {
        var store = new SqliteRunStore(Path.Combine(_dir, "data"));

        Assert.Empty(await store.ListAsync(10, default));

        var files = Directory.GetFiles(Path.Combine(_dir, "data")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(SqliteDatabase.FileName, files);
        Assert.Contains(SqliteDatabase.FileName + "-wal", files);
        Assert.Contains(SqliteDatabase.FileName + "-shm", files);
        Assert.All(Directory.GetFiles(Path.Combine(_dir, "data")), f => Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(f)));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(_dir, "data")));
    }
}
