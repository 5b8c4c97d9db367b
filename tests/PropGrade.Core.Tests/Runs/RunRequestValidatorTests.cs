using PropGrade.Core.Listings;
using PropGrade.Core.Runs;

namespace PropGrade.Core.Tests.Runs;

/// <summary>
/// The revision-2 rules of contracts/runs-api.md that requests broke before (issue 12, defect 7): tier count and names,
/// threshold bounds, dates from 2000, market and roster limits. Every case reports by field and never throws.
/// </summary>
public sealed class RunRequestValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static RunRequest Request(
        IReadOnlyList<TierDefinition>? tiers = null,
        IReadOnlyList<string>? selected = null,
        DateOnly? soldSince = null,
        DateOnly? asOf = null,
        IReadOnlyList<string>? markets = null,
        IReadOnlyList<RosterEntry>? roster = null)
    {
        tiers ??= RunDefaults.DefaultTiers;
        return new RunRequest(
            tiers,
            soldSince ?? new DateOnly(2025, 11, 23),
            asOf ?? Today,
            IncludeActive: false,
            selected ?? [.. tiers.Select(t => t.Name)],
            roster is null ? markets ?? ["07030"] : markets,
            roster,
            MaxPages: 19);
    }

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static IReadOnlyList<FieldError> Validate(RunRequest request) => RunRequestValidator.Validate(request, Today);

    private static FieldError Single(RunRequest request, string field)
    {
        var errors = Validate(request);
        return Assert.Single(errors, e => e.Field == field);
    }

    [Fact]
    public void Validate_ContractDefaults_AreValid()
    {
        Assert.Empty(Validate(Request()));
    }

    [Fact]
    public void Validate_ElevenTiers_ReportsAtMostTen()
    {
        var tiers = Enumerable.Range(0, 11).Select(i => new TierDefinition($"T{i}", 1_000_000m * (11 - i), null)).ToList();

        var error = Single(Request(tiers), "tiers");

        Assert.Contains("at most 10 tiers", error.Message, StringComparison.Ordinal);
        Assert.Contains("11", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TenTiers_AreValid()
    {
        var tiers = Enumerable.Range(0, 10).Select(i => new TierDefinition($"T{i}", 1_000_000m * (10 - i), null)).ToList();

        Assert.Empty(Validate(Request(tiers)));
    }

    [Fact]
    public void Validate_FiveThousandTiers_IsOneTierCountErrorNotThousandsOfLines()
    {
        var tiers = Enumerable.Range(0, 5000).Select(i => new TierDefinition($"T{i}", 5000m - i, null)).ToList();

        var errors = Validate(Request(tiers, selected: ["T0"]));

        Assert.Contains(errors, e => e.Field == "tiers" && e.Message.Contains("at most 10", StringComparison.Ordinal));
        Assert.True(errors.Count <= RunRequestValidator.MaxItemErrors + 2, $"{errors.Count} errors");
    }

    public static TheoryData<string, string> BadNames => new()
    {
        { new string('x', 32), "at most 31 characters" },
        { new string('x', 32_000), "at most 31 characters" },
        { "Top[1]", "must not contain '[' ']'" },
        { "A:B", "must not contain ':'" },
        { "a/b\\c", "must not contain '/' '\\'" },
        { "Why?*", "must not contain '*' '?'" },
        { "Unranked", "reserved" },
        { "UNRANKED", "reserved" },
        { "unRanked", "reserved" },
        { "Top\u0007", "control character" },
        { "Line\nbreak", "control character" },
        { "Tab\tbed", "control character" },
        { "\u001b[31mred", "control character" },
        { "\u202Eevil", "printable" },
        { "Sep\u2028", "printable" },
        { "", "must not be empty" },
        { "   ", "must not be empty" },
    };

    [Theory]
    [MemberData(nameof(BadNames))]
    public void Validate_BadTierName_NamesTheTierNameField(string name, string expected)
    {
        var request = Request([new TierDefinition(name, 10m, null)], selected: [name]);

        var errors = Validate(request);

        var error = Assert.Single(errors, e => e.Field == "tiers[0].name");
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LoneSurrogatesInTierNames_AreNamed()
    {
        // Not theory data: xUnit's serialisation of test cases would replace a lone surrogate with U+FFFD.
        string[] names = ["High\uD800", "\uDC00Low", "Pair\uD83C\uDFE0\uD83C"];
        var request = Request([.. names.Select((n, i) => new TierDefinition(n, 10m - i, null))], selected: [names[0]]);

        var errors = Validate(request);

        for (var i = 0; i < names.Length; i++)
        {
            var error = Assert.Single(errors, e => e.Field == $"tiers[{i}].name");
            Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(error.Message, char.IsSurrogate);
        }
    }

    [Fact]
    public void Validate_NameMessages_NeverEchoRawControlCharacters()
    {
        var name = "\u001b[2J\u0007" + new string('z', 40);
        var request = Request([new TierDefinition("A", 10m, null)], selected: [name]);

        var messages = Validate(request).Select(e => e.Message).ToList();

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.DoesNotContain(m, char.IsControl));
        Assert.Contains(messages, m => m.Contains("\\u001B", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("A")]
    [InlineData("Top producers 2026 (A) & co.")]
    [InlineData("\U0001F3E0 Élite — Ünïcode")]
    [InlineData("\U0001F469\u200D\U0001F4BC Team")]
    [InlineData("1234567890123456789012345678901")]
    public void Validate_PrintableNameUpTo31Characters_IsValid(string name)
    {
        var request = Request([new TierDefinition(name, 10m, null)], selected: [name]);

        Assert.Empty(Validate(request));
    }

    [Fact]
    public void Validate_ThirtyOneAstralCharacters_CountAsThirtyOne()
    {
        var name = string.Concat(Enumerable.Repeat("\U0001F3E0", 31));

        Assert.Empty(Validate(Request([new TierDefinition(name, 10m, null)], selected: [name])));
    }

    [Fact]
    public void Validate_NamesDifferingOnlyInCase_AreDuplicates()
    {
        var request = Request([new TierDefinition("Gold", 10m, null), new TierDefinition("GOLD", 5m, null)], selected: ["Gold"]);

        var error = Single(request, "tiers[1].name");

        Assert.Contains("ignoring case", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiers[0]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000000000001", null, "tiers[0].minVolume")]
    [InlineData(null, "100001", "tiers[0].minSides")]
    public void Validate_ThresholdBeyondItsBound_IsReported(string? minVolume, string? minSides, string field)
    {
        var request = Request([new TierDefinition("A", Number(minVolume), Number(minSides))], selected: ["A"]);

        var error = Single(request, field);

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThresholdsAtTheirBounds_AreValid()
    {
        var request = Request([new TierDefinition("A", RunRequestValidator.MaxMinVolume, RunRequestValidator.MaxMinSides)], selected: ["A"]);

        Assert.Empty(Validate(request));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1999, 12, 31)]
    public void Validate_AsOfBefore2000_IsReportedWithoutThrowing(int year, int month, int day)
    {
        var asOf = new DateOnly(year, month, day);

        var error = Single(Request(soldSince: asOf, asOf: asOf), "asOf");

        Assert.Contains("2000-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExtremeDates_NeverThrow()
    {
        var errors = Validate(Request(soldSince: DateOnly.MinValue, asOf: DateOnly.MaxValue));

        Assert.Contains(errors, e => e.Field == "asOf");
        Assert.Contains(errors, e => e.Field == "soldSince");
    }

    [Fact]
    public void Validate_AsOfOn2000_01_01_IsValid()
    {
        var day = new DateOnly(2000, 1, 1);

        Assert.Empty(Validate(Request(soldSince: day, asOf: day)));
    }

    [Fact]
    public void Validate_SelectedTierInAnotherCase_SaysWhichTierWasMeant()
    {
        var error = Single(Request(selected: ["a"]), "selectedTiers[0]");

        Assert.Contains("'A'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TenThousandCopiesOfOneZip_AreOneMarket()
    {
        var markets = Enumerable.Repeat("07030", 10_000).ToList();

        Assert.Empty(Validate(Request(markets: markets)));
    }

    [Fact]
    public void Validate_MoreThanFiftyThousandDistinctMarkets_IsReported()
    {
        var markets = Enumerable.Range(0, RunRequestValidator.MaxMarkets + 1).Select(i => i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var error = Single(Request(markets: markets), "markets");

        Assert.Contains("at most 50000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ThousandsOfBadZips_NamesTheFirstOnesAndCountsTheRest()
    {
        var markets = Enumerable.Repeat("7030", 5_000).ToList();

        var errors = Validate(Request(markets: markets));

        Assert.Equal(RunRequestValidator.MaxItemErrors, errors.Count(e => e.Field.StartsWith("markets[", StringComparison.Ordinal)));
        var rest = Assert.Single(errors, e => e.Field == "markets");
        Assert.Contains("4900 more", rest.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("22a0987")]
    [InlineData("-1")]
    [InlineData("١٢٣")]
    public void Validate_RosterAdvertiserIdNotDigits_IsReported(string advertiserId)
    {
        var error = Single(Request(roster: [new RosterEntry(advertiserId, "512004417")]), "roster[0].advertiserId");

        Assert.Contains("digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IdenticalRosterRows_AreNotAnError()
    {
        var row = new RosterEntry("2210987", "512004417");

        Assert.Empty(Validate(Request(roster: [row, row, row])));
    }

    [Fact]
    public void Validate_OneAdvertiserWithTwoNrdsIds_IsReportedOnTheLaterRow()
    {
        var error = Single(Request(roster: [new RosterEntry("2210987", "512004417"), new RosterEntry("2210987", "999")]), "roster[1].advertiserId");

        Assert.Contains("roster[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RosterLongerThanTheLimit_IsReported()
    {
        var roster = Enumerable.Range(1, RunRequestValidator.MaxRosterRows + 1).Select(i => new RosterEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "n" + i)).ToList();

        var error = Single(Request(roster: roster), "roster");

        Assert.Contains("at most 50000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MarketsAndRosterBoth_IsReported()
    {
        var errors = Validate(Request(markets: ["07030"], roster: [new RosterEntry("1", "2")]));

        Assert.Contains(errors, e => e.Field == "roster" && e.Message.Contains("not both", StringComparison.Ordinal));
    }
}
