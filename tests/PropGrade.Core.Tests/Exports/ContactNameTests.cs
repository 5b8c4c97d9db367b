using PropGrade.Core.Exports;

namespace PropGrade.Core.Tests.Exports;

public sealed class ContactNameTests
{
    [Theory]
    [InlineData("Dana Whitfield", "Dana", "Whitfield")]
    [InlineData("Dana Q. Whitfield", "Dana Q.", "Whitfield")]
    [InlineData("  Mary   Ann  Smith ", "Mary Ann", "Smith")]
    [InlineData("Whitfield, Dana", "Dana", "Whitfield")]
    [InlineData("WHITFIELD, DANA Q.", "DANA Q.", "WHITFIELD")]
    [InlineData("Ludwig van Beethoven", "Ludwig", "van Beethoven")]
    [InlineData("Maria De La Cruz", "Maria", "De La Cruz")]
    [InlineData("John Smith Jr.", "John", "Smith Jr.")]
    [InlineData("John Smith, Jr.", "John", "Smith Jr.")]
    [InlineData("Jane Doe, CRS, GRI", "Jane", "Doe")]
    [InlineData("Dr. Jane Doe", "Jane", "Doe")]
    [InlineData("Cher", "", "Cher")]
    [InlineData("The Smith Team", "", "The Smith Team")]
    [InlineData("", "", "")]
    [InlineData("+SUM(1)", "", "+SUM(1)")]
    public void Split_CommonShapes_GiveTheFirstAndLastNameACrmWants(string name, string first, string last)
    {
        Assert.Equal((first, last), ContactName.Split(name));
    }

    [Fact]
    public void Split_Null_IsEmpty()
    {
        Assert.Equal(("", ""), ContactName.Split(null));
    }
}
