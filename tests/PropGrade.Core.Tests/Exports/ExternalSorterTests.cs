using PropGrade.Core.Agents;
using PropGrade.Core.Exports;

namespace PropGrade.Core.Tests.Exports;

public sealed class ExternalSorterTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("propgrade-sort-tests-");

    /// <summary>Tier, then volume descending: no id tie-break, so rows with the same tier and volume tie.</summary>
    private static readonly Comparison<GradedRow> ByTierThenVolume = (a, b) =>
    {
        var byTier = string.CompareOrdinal(a.Tier, b.Tier);
        return byTier != 0 ? byTier : b.SoldVolume.CompareTo(a.SoldVolume);
    };

    public void Dispose() => _temp.Delete(recursive: true);

    [Theory]
    [InlineData(1000, 1)]
    [InlineData(1000, 7)]
    [InlineData(1000, 100)]
    [InlineData(1000, 999)]
    [InlineData(1000, 5000)]
    public void Sorted_RandomRowsWithTies_MatchesStableInMemorySort(int count, int rowsPerRun)
    {
        var rows = RandomRows(count, seed: count + rowsPerRun);
        using var sorter = new ExternalSorter<GradedRow>(ByTierThenVolume, AgentsJsonContext.Default.GradedRow, _temp.FullName, rowsPerRun);
        foreach (var row in rows)
        {
            sorter.Add(row);
        }

        var expected = rows.Order(Comparer<GradedRow>.Create(ByTierThenVolume)).ToList();
        var sorted = sorter.Sorted().ToList();

        Assert.True(expected.Count(r => expected.Count(o => ByTierThenVolume(r, o) == 0) > 1) > 100, "the data must hold many ties");
        Assert.Equal(expected.Select(r => r.AdvertiserId), sorted.Select(r => r.AdvertiserId));
        Assert.Equal(expected, sorted);
        Assert.Equal(rowsPerRun >= count ? 0 : (count + rowsPerRun - 1) / rowsPerRun, sorter.SpilledRuns);
    }

    [Theory]
    [InlineData(30, 10, 3)]
    [InlineData(31, 10, 4)]
    [InlineData(10, 10, 0)]
    [InlineData(11, 10, 2)]
    public void Sorted_AtSpillBoundaries_SpillsRunsAndKeepsOrder(int count, int rowsPerRun, int runs)
    {
        var rows = RandomRows(count, seed: 7);
        using var sorter = new ExternalSorter<GradedRow>(ByTierThenVolume, AgentsJsonContext.Default.GradedRow, _temp.FullName, rowsPerRun);
        foreach (var row in rows)
        {
            sorter.Add(row);
        }

        var sorted = sorter.Sorted().ToList();

        Assert.Equal(runs, sorter.SpilledRuns);
        Assert.Equal(count, sorter.Count);
        Assert.Equal(rows.Order(Comparer<GradedRow>.Create(ByTierThenVolume)).Select(r => r.AdvertiserId), sorted.Select(r => r.AdvertiserId));
    }

    [Fact]
    public void Sorted_EmptyInput_YieldsNothingAndWritesNoFile()
    {
        using var sorter = new ExternalSorter<GradedRow>(ByTierThenVolume, AgentsJsonContext.Default.GradedRow, _temp.FullName, 1);

        Assert.Empty(sorter.Sorted());
        Assert.Null(sorter.Directory);
        Assert.Empty(_temp.EnumerateFileSystemInfos());
    }

    [Fact]
    public void Sorted_EnumeratedTwice_GivesTheSameRowsEachTime()
    {
        var rows = RandomRows(50, seed: 3);
        using var sorter = new ExternalSorter<GradedRow>(ByTierThenVolume, AgentsJsonContext.Default.GradedRow, _temp.FullName, 8);
        foreach (var row in rows)
        {
            sorter.Add(row);
        }

        Assert.Equal(sorter.Sorted().ToList(), sorter.Sorted().ToList());
        Assert.Throws<InvalidOperationException>(() => sorter.Add(rows[0]));
    }

    [Fact]
    public void Dispose_AfterSpilling_RemovesTheTempFilesAndDirectory()
    {
        var sorter = new ExternalSorter<GradedRow>(ByTierThenVolume, AgentsJsonContext.Default.GradedRow, _temp.FullName, 4);
        foreach (var row in RandomRows(40, seed: 5))
        {
            sorter.Add(row);
        }

        Assert.Equal(40, sorter.Sorted().Count());
        var directory = sorter.Directory!;
        Assert.StartsWith(_temp.FullName, directory, StringComparison.Ordinal);
        Assert.Equal(10, Directory.GetFiles(directory).Length);

        sorter.Dispose();

        Assert.False(Directory.Exists(directory));
        Assert.Empty(_temp.EnumerateFileSystemInfos());
        Assert.Throws<ObjectDisposedException>(() => sorter.Sorted());
    }

    private static List<GradedRow> RandomRows(int count, int seed)
    {
        var random = new Random(seed);
        string[] tiers = ["A", "B", "C", "Unranked"];
        return [.. Enumerable.Range(1, count).Select(i => new GradedRow(
            i.ToString(System.Globalization.CultureInfo.InvariantCulture), i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"Agent \"{i}\"\n", random.Next(3) == 0 ? null : "Office", tiers[random.Next(tiers.Length)],
            random.Next(5) * 250_000.25m, random.Next(20) / 2m, random.Next(3) * 1000m, random.Next(4), random.Next(2) == 0 ? null : "B",
            random.Next(4) != 0, "tier_settled", random.Next(10), random.Next(2) == 0 ? "" : "up", "07030",
            Contact: random.Next(2) == 0 ? null : new Listings.AgentContact("n", "555", null, "e@x", null, "Broker", "City", "NJ", null)))];
    }
}
