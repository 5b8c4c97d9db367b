using PropGrade.Core.Exports;

namespace PropGrade.Core.Tests.Exports;

public sealed class SheetNamesTests
{
    [Theory]
    [InlineData("A", "A")]
    [InlineData("a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h")]
    [InlineData("'quoted'", "quoted")]
    [InlineData("", "Sheet")]
    [InlineData("tab\tname", "tab_name")]
    public void Claim_Name_IsCleaned(string wanted, string expected)
    {
        Assert.Equal(expected, new SheetNames().Claim(wanted));
    }

    [Fact]
    public void Claim_Taken_GetsNumberedAndStaysWithin31Characters()
    {
        var names = new SheetNames();
        var longName = new string('x', 40);

        Assert.Equal("A", names.Claim("A"));
        Assert.Equal("a (2)", names.Claim("a"));
        Assert.Equal("A (3)", names.Claim("A"));
        Assert.Equal(new string('x', 31), names.Claim(longName));
        Assert.Equal(new string('x', 27) + " (2)", names.Claim(longName));
        Assert.Equal("History (2)", names.Claim("History"));
    }
}
