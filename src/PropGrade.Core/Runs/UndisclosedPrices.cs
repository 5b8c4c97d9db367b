namespace PropGrade.Core.Runs;

/// <summary>The wire names of <see cref="UndisclosedPrice"/> (<c>listPrice</c>, <c>exclude</c>), for parsing and messages.</summary>
public static class UndisclosedPrices
{
    public const string ListPriceName = "listPrice";
    public const string ExcludeName = "exclude";

    public static IReadOnlyList<string> Names { get; } = [ListPriceName, ExcludeName];

    /// <summary>Exact (case-sensitive) wire name to value.</summary>
    public static bool TryParse(string? text, out UndisclosedPrice value)
    {
        switch (text)
        {
            case ListPriceName:
                value = UndisclosedPrice.ListPrice;
                return true;
            case ExcludeName:
                value = UndisclosedPrice.Exclude;
                return true;
            default:
                value = default;
                return false;
        }
    }

    public static string Name(UndisclosedPrice value) => value == UndisclosedPrice.Exclude ? ExcludeName : ListPriceName;
}
