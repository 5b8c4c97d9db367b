namespace PropGrade.Simulator.Truth;

/// <summary>What an undisclosed sold price (<c>sold_price: null</c>) counts as: the list price, or nothing.</summary>
internal enum UndisclosedPrice
{
    ListPrice,
    Exclude,
}
