using PropGrade.Core.Exports;

namespace PropGrade.Local.Tests.Support;

/// <summary>Reads a run's three export files, for byte-for-byte comparisons between runs.</summary>
internal static class ExportFiles
{
    public static async Task<Dictionary<string, byte[]>> ReadAllAsync(LocalEngine engine, string runId)
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var name in ExportNames.All)
        {
            await using var stream = (await engine.Exports.OpenReadAsync(runId, name, default))!;
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            files[name] = copy.ToArray();
        }

        return files;
    }
}
