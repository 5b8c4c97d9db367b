using PropGrade.Core.Runs;

namespace PropGrade.Core.Grading;

/// <summary>
/// Everything a stage needs to grade and to decide when to stop (<c>docs/grading-rules.md</c>): the request's
/// grading fields plus the listing API's "today", which decides whether the profile bound is valid.
/// Serializable: it travels in every stage payload.
/// </summary>
public sealed record GradingPlan(
    IReadOnlyList<TierDefinition> Tiers,
    DateOnly SoldSince,
    DateOnly AsOf,
    bool IncludeActive,
    IReadOnlyList<string> SelectedTiers,
    int MaxPages,
    DateOnly ApiToday,
    UndisclosedPrice UndisclosedPrice = UndisclosedPrice.ListPrice)
{
    /// <summary>The grade of an agent that meets no tier.</summary>
    public const string Unranked = "Unranked";

    /// <summary>The plan of <paramref name="request"/> at <paramref name="apiToday"/> (a rolling window ends that day).</summary>
    public static GradingPlan From(RunRequest request, DateOnly apiToday)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (soldSince, asOf) = request.WindowAt(apiToday);
        return new(request.Tiers, soldSince, asOf, request.IncludeActive, request.SelectedTiers, request.MaxPages, apiToday, request.UndisclosedPrice);
    }

    /// <summary>The default window start: 12 calendar months before <paramref name="asOf"/>.</summary>
    public static DateOnly DefaultSoldSince(DateOnly asOf) => asOf.AddMonths(-12);

    /// <summary>Index of the highest selected tier (<c>top</c>).</summary>
    public int TopIndex => IndexWhere(static (_, selected) => selected, first: true);

    /// <summary>Index of the lowest selected tier (<c>low</c>).</summary>
    public int LowIndex => IndexWhere(static (_, selected) => selected, first: false);

    /// <summary>
    /// True when the profile's <c>recently_sold</c> (sold dates in <c>[ApiToday - 12 months, ApiToday]</c>) covers
    /// the whole window, so that it bounds what the listings can add up to.
    /// </summary>
    public bool ProfileBoundValid => ApiToday.AddMonths(-12) <= SoldSince && AsOf <= ApiToday;

    public bool IsSelected(string tier) => SelectedTiers.Contains(tier, StringComparer.Ordinal);

    /// <summary>True when <paramref name="tier"/> is met by the figures.</summary>
    public static bool Meets(TierDefinition tier, decimal volume, decimal sides)
    {
        ArgumentNullException.ThrowIfNull(tier);
        return (tier.MinVolume is { } v && volume >= v) || (tier.MinSides is { } s && sides >= s);
    }

    /// <summary>True when the highest selected tier is met: nothing more read can change the grade.</summary>
    public bool TopMet(decimal volume, decimal sides) => Meets(Tiers[TopIndex], volume, sides);

    /// <summary>The first tier met scanning from <c>top</c> downward; <see cref="Unranked"/> when none is.</summary>
    public string Grade(decimal volume, decimal sides)
    {
        for (var i = TopIndex; i < Tiers.Count; i++)
        {
            if (Meets(Tiers[i], volume, sides))
            {
                return Tiers[i].Name;
            }
        }

        return Unranked;
    }

    private int IndexWhere(Func<TierDefinition, bool, bool> predicate, bool first)
    {
        var found = -1;
        for (var i = 0; i < Tiers.Count; i++)
        {
            if (predicate(Tiers[i], IsSelected(Tiers[i].Name)))
            {
                if (first)
                {
                    return i;
                }

                found = i;
            }
        }

        return found >= 0 ? found : throw new InvalidOperationException("The plan selects no tier.");
    }
}
