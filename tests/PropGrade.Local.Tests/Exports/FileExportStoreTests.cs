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
    public async Task WriteStreamAsync_WriterThrowsMidway_LeavesNoTempFileAndTheEarlierFileAsItWas()
    {
        var store = new FileExportStore(_dir);
        await store.WriteAsync("r1", "graded.xlsx", "old"u8.ToArray(), "x", default);

        var error = await Assert.ThrowsAsync<IOException>(() => store.WriteStreamAsync("r1", "graded.xlsx", "x", async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[100_000], ct);
            throw new IOException("disk full");
        }, default));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(["graded.xlsx"], Directory.GetFiles(store.DirectoryOf("r1")).Select(Path.GetFileName));
        Assert.Equal("old"u8.ToArray(), await File.ReadAllBytesAsync(Path.Combine(store.DirectoryOf("r1"), "graded.xlsx")));
    }

    [Fact]
    public async Task WriteStreamAsync_FirstWriteFails_PublishesNothing()
    {
        var store = new FileExportStore(_dir);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteStreamAsync("r1", "graded.csv", "text/csv", (stream, ct) =>
            throw new InvalidOperationException("bad row"), default));

        Assert.Empty(Directory.GetFiles(store.DirectoryOf("r1")));
        Assert.Empty(await store.GetLinksAsync("r1", default));
        Assert.Null(await store.OpenReadAsync("r1", "graded.csv", default));
    }

    [Fact]
    public async Task WriteStreamAsync_GivesASeekableStreamAndPublishesWhatWasWritten()
    {
        var store = new FileExportStore(_dir);

        await store.WriteStreamAsync("r1", "graded.csv", "text/csv", async (stream, ct) =>
        {
            Assert.True(stream.CanSeek);
            Assert.Equal(0, stream.Length);
            await stream.WriteAsync("xx,b\n"u8.ToArray(), ct);
            stream.Position = 0;
            await stream.WriteAsync("a"u8.ToArray(), ct);
            stream.Position = stream.Length;
        }, default);

        Assert.Equal("ax,b\n", await File.ReadAllTextAsync(Path.Combine(store.DirectoryOf("r1"), "graded.csv")));
    }

    [Fact]
    public async Task WriteStreamAsync_TempFileLeftByAKilledWrite_IsRemoved()
    {
        var store = new FileExportStore(_dir);
        Directory.CreateDirectory(store.DirectoryOf("r1"));
        var leftover = Path.Combine(store.DirectoryOf("r1"), ".graded.xlsx.0123456789abcdef0123456789abcdef.tmp");
        await File.WriteAllTextAsync(leftover, "half a file");

        await store.WriteStreamAsync("r1", "graded.xlsx", "x", (stream, ct) => stream.WriteAsync("whole"u8.ToArray(), ct).AsTask(), default);

        Assert.False(File.Exists(leftover));
        Assert.Equal(["graded.xlsx"], Directory.GetFiles(store.DirectoryOf("r1")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_PathTraversal_IsRefused()
    {
        var store = new FileExportStore(_dir);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("../x", "a.csv", Array.Empty<byte>(), "text/csv", default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync("r1", "../a.csv", Array.Empty<byte>(), "text/csv", default));
        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteStreamAsync("r1", "../a.csv", "text/csv", (_, _) => Task.CompletedTask, default));
    }

    [Fact]
    public async Task OpenReadAsync_Missing_IsNull()
    {
        Assert.Null(await new FileExportStore(_dir).OpenReadAsync("r1", "nope.csv", default));
    }
}
