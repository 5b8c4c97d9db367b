using PropGrade.Local.Exports;

namespace PropGrade.Local.Tests.Exports;

public sealed class FileExportStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-exp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task WriteAsync_ThenLinks_ServesRelativeUrlsAndLeavesNoTempFile()
    {
        var store = new FileExportStore(_dir);

        await store.WriteAsync("r1", "graded.csv", "a,b\n"u8.ToArray(), "text/csv", default);
        await store.WriteAsync("r1", "graded.csv", "a,b,c\n"u8.ToArray(), "text/csv", default);

        var link = Assert.Single(await store.GetLinksAsync("r1", default));
        Assert.Equal("/runs/r1/exports/graded.csv", link.Url);
        Assert.Equal(6, link.SizeBytes);
        Assert.Equal(["graded.csv"], Directory.GetFiles(store.DirectoryOf("r1")).Select(Path.GetFileName));
        await using var stream = (await store.OpenReadAsync("r1", "graded.csv", default))!;
        Assert.Equal("a,b,c\n", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task WriteAsync_PathTraversal_IsRefused()
    {
        var store = new FileExportStore(_dir);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../x", "a.csv", Array.Empty<byte>(), "text/csv", default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("r1", "../a.csv", Array.Empty<byte>(), "text/csv", default));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_IsNull()
    {
        Assert.Null(await new FileExportStore(_dir).OpenReadAsync("r1", "nope.csv", default));
    }
}
