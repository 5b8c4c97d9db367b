using System.Text.Json.Serialization;

namespace PropGrade.Core.Runs;

/// <summary>
/// What a sold listing without a disclosed price (<c>description.sold_price</c> null, as in non-disclosure states)
/// adds to the sold volume: its list price (the default; the row's volume is then marked estimated) or nothing.
/// </summary>
public enum UndisclosedPrice
{
    /// <summary>Count the listing's <c>list_price</c> (a missing list price counts 0).</summary>
    [JsonStringEnumMemberName("listPrice")]
    ListPrice,

    /// <summary>Count 0.</summary>
    [JsonStringEnumMemberName("exclude")]
    Exclude,
}
