using PropGrade.Core.Exports;

namespace PropGrade.Core.Tests.Exports;

public sealed class FormulaGuardTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(1)", "'+SUM(1)")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("  =x", "'  =x")]
    [InlineData("Jane Doe", "Jane Doe")]
    [InlineData("O'Brien & Co", "O'Brien & Co")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    [InlineData("   ", "   ")]
    public void Neutralize_Text_PrefixesOnlyWhatCouldStartAFormula(string text, string expected)
    {
        Assert.Equal(expected, FormulaGuard.Neutralize(text));
    }

    [Fact]
    public void CsvText_NumberColumns_AreNotTouched()
    {
        var row = ExportTestData.Row(1, "A");

        Assert.Equal("-5", ExportColumn.Currency("x", "X", 10, _ => -5m).CsvText(row));
        Assert.Equal("-1.5", ExportColumn.Sides("x", "X", 10, _ => -1.5m).CsvText(row));
        Assert.Equal("'-5", ExportColumn.Text("x", "X", 10, _ => "-5").CsvText(row));
    }
}
