using System.CommandLine;

namespace PropGrade.Cli.Requests;

/// <summary>The grading flags, declared once for <c>run</c> and <c>regrade</c> (strings: the builder reports bad values by flag, exit 2).</summary>
internal sealed class GradingOptions
{
    public Option<string?> Request { get; } = new("--request") { Description = "RunRequest JSON file, the shape POST /runs takes (the other flags override its fields)", HelpName = "FILE" };

    public Option<string?> Name { get; } = new("--name") { Description = "A name for the run, up to 80 printable characters: shown in run lists and in the download names (propgrade-NAME-graded.xlsx)", HelpName = "NAME" };

    public Option<string?> Tiers { get; } = new("--tiers") { Description = "JSON file of tiers, highest first: [{\"name\":\"A\",\"minVolume\":40000000}, ...] (default: A $40M; B $16M or 40 sides; C $5M or 12 sides)", HelpName = "FILE" };

    public Option<string?> Since { get; } = new("--since") { Description = "Sold window start, yyyy-MM-dd (default: 12 months before --as-of)", HelpName = "DATE" };

    public Option<string?> AsOf { get; } = new("--as-of") { Description = "Sold window end, yyyy-MM-dd (default: the API's today)", HelpName = "DATE" };

    public Option<string?> RollingMonths { get; } = new("--rolling-months") { Description = "A rolling window instead of --since/--as-of: the N months (1..120) before the API's today when the run starts, so a run again moves forward in time", HelpName = "N" };

    public Option<bool> IncludeActive { get; } = new("--include-active") { Description = "Count active listings' volume too (default: off)" };

    public Option<string?> Select { get; } = new("--select") { Description = "Tiers to export, e.g. A,B (default: all)", HelpName = "TIERS" };

    public Option<string?> Markets { get; } = new("--markets") { Description = "ZIP codes to grade, e.g. 07030,90210 (default: the source's markets)", HelpName = "ZIPS" };

    public Option<string?> Roster { get; } = new("--roster") { Description = "Agents to grade instead of markets: a CSV of advertiser_id,nrds_id lines, an earlier graded.csv or contacts.csv (columns picked by header), or a JSON array of {\"advertiserId\", \"nrdsId\"}", HelpName = "FILE" };

    public Option<string?> MaxPages { get; } = new("--max-pages") { Description = "Listing pages per agent and feed, 1..20 (default: 19)", HelpName = "N" };

    public Option<string?> UndisclosedPrice { get; } = new("--undisclosed-price") { Description = "What a sale without a disclosed price counts: listPrice (the volume is marked estimated) or exclude (default: listPrice)", HelpName = "RULE" };

    public void AddTo(Command command, bool scope)
    {
        if (scope)
        {
            command.Options.Add(Request);
        }

        command.Options.Add(Name);
        command.Options.Add(Tiers);
        command.Options.Add(Since);
        command.Options.Add(AsOf);
        command.Options.Add(RollingMonths);
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
        parse.GetValue(UndisclosedPrice),
        parse.GetValue(Name),
        parse.GetValue(RollingMonths),
        parse.GetValue(Request));
}
