using System.CommandLine;

namespace PropGrade.Cli.Requests;

/// <summary>The grading flags, declared once for <c>run</c> and <c>regrade</c> (strings: the builder reports bad values by flag, exit 2).</summary>
internal sealed class GradingOptions
{
    public Option<string?> Tiers { get; } = new("--tiers") { Description = "JSON file of tiers, highest first: [{\"name\":\"A\",\"minVolume\":40000000}, ...] (default A $40M; B $16M or 40 sides; C $5M or 12 sides)" };

    public Option<string?> Since { get; } = new("--since") { Description = "Sold window start, yyyy-MM-dd (default: 12 months before --as-of)" };

    public Option<string?> AsOf { get; } = new("--as-of") { Description = "Sold window end, yyyy-MM-dd (default: the API's today)" };

    public Option<bool> IncludeActive { get; } = new("--include-active") { Description = "Count active listings' volume too (default: off)" };

    public Option<string?> Select { get; } = new("--select") { Description = "Tiers to export, e.g. A,B (default: all)" };

    public Option<string?> Markets { get; } = new("--markets") { Description = "ZIP codes to grade, e.g. 07030,90210 (default: the source's markets)" };

    public Option<string?> Roster { get; } = new("--roster") { Description = "CSV file of agents, one per line: advertiser_id,nrds_id (a header naming those columns, e.g. a graded.csv, is read too), instead of markets" };

    public Option<string?> MaxPages { get; } = new("--max-pages") { Description = "Listing pages per agent and feed, 1..20 (default 19)" };

    public Option<string?> UndisclosedPrice { get; } = new("--undisclosed-price") { Description = "What a sale without a disclosed price counts: listPrice (default; the volume is marked estimated) or exclude" };

    public void AddTo(Command command, bool scope)
    {
        command.Options.Add(Tiers);
        command.Options.Add(Since);
        command.Options.Add(AsOf);
        command.Options.Add(IncludeActive);
        command.Options.Add(Select);
        if (scope)
        {
            command.Options.Add(Markets);
            command.Options.Add(Roster);
        }

        command.Options.Add(MaxPages);
        command.Options.Add(UndisclosedPrice);
    }

    public GradingFlags Read(ParseResult parse) => new(
        parse.GetValue(Tiers),
        parse.GetValue(Since),
        parse.GetValue(AsOf),
        parse.GetValue(IncludeActive),
        parse.GetValue(Select),
        parse.GetValue(Markets),
        parse.GetValue(Roster),
        parse.GetValue(MaxPages),
        parse.GetValue(UndisclosedPrice));
}
