using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;

namespace PropGrade.Cli.Output;

/// <summary>
/// One help layout for every command (<c>propgrade X --help</c>): Description, Usage (<c>propgrade X [command]
/// [options]</c>, never "additional arguments"), Arguments, Options, Commands. Every option shows a value placeholder
/// (<c>--tiers &lt;FILE&gt;</c>, <c>--since &lt;DATE&gt;</c>, <c>--max-pages &lt;N&gt;</c>), a description that is a
/// sentence, and its default as <c>[default: ...]</c> whether it is a typed default or written in the description
/// ("(default: 12 months before --as-of)").
/// </summary>
internal static partial class CliHelp
{
    /// <summary>Value placeholders by option name (others: N for numbers, VALUE for text).</summary>
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "DIR", ["--dir"] = "DIR", ["--tiers"] = "FILE", ["--roster"] = "FILE", ["--request"] = "FILE",
        ["--since"] = "DATE", ["--as-of"] = "DATE", ["--today"] = "DATE", ["--api-base"] = "URL", ["--api-key-env"] = "NAME",
        ["--api-key"] = "KEY", ["--markets"] = "ZIPS", ["--market"] = "ZIP", ["--select"] = "TIERS", ["--rate"] = "RPS",
        ["--name"] = "NAME", ["--resume"] = "RUNID", ["--run"] = "RUNID", ["--faults"] = "PROFILE", ["--undisclosed-price"] = "RULE",
        ["--drift"] = "NAMES", ["--only"] = "SECTIONS", ["--cases"] = "CASES",
    };

    /// <summary>Applies the layout to <paramref name="root"/> and every command under it.</summary>
    public static void Apply(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var builder = new HelpBuilder(Width());
        foreach (var command in Commands(root))
        {
            command.Description = Sentence(command.Description);
            foreach (var argument in command.Arguments)
            {
                argument.Description = Sentence(argument.Description);
            }

            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
            {
                option.HelpName ??= Placeholder(option);
                var (description, fallback) = SplitDefault(option.Description);
                option.Description = Sentence(description);
                if (fallback is not null && !option.HasDefaultValue)
                {
                    builder.CustomizeSymbol(option, defaultValue: fallback);
                }
            }
        }

        builder.CustomizeLayout(_ => [Section("Description:", SynopsisRows), UsageSection, HelpBuilder.Default.CommandArgumentsSection(), HelpBuilder.Default.OptionsSection(), HelpBuilder.Default.SubcommandsSection()]);
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            if (option.Action is HelpAction action)
            {
                action.Builder = builder;
            }
        }
    }

    /// <summary>The help of <paramref name="command"/> (under a root that <see cref="Apply"/> was applied to), as <c>--help</c> writes it.</summary>
    public static string Render(RootCommand root, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var output = new StringWriter();
        var parse = root.Parse([.. path, "--help"]);
        var action = (HelpAction)root.Options.OfType<HelpOption>().Single().Action!;
        action.Builder.Write(new HelpContext(action.Builder, parse.CommandResult.Command, output));
        return output.ToString();
    }

    private static IEnumerable<Command> Commands(Command command)
    {
        yield return command;
        foreach (var child in command.Subcommands.SelectMany(Commands))
        {
            yield return child;
        }
    }

    private static int Width()
    {
        try
        {
            return Console.IsOutputRedirected ? 120 : Math.Clamp(Console.WindowWidth, 80, 160);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private static string Placeholder(Option option) =>
        Placeholders.TryGetValue(option.Name, out var name) ? name
        : option.ValueType == typeof(int) || option.ValueType == typeof(double) || option.ValueType == typeof(long) ? "N"
        : "VALUE";

    /// <summary>A trailing "(default: X)" or "(default X)" as the option's displayed default.</summary>
    private static (string? Description, string? Default) SplitDefault(string? description)
    {
        if (description is null)
        {
            return (null, null);
        }

        var match = TrailingDefault().Match(description);
        return match.Success ? (description[..match.Index], match.Groups["value"].Value) : (description, null);
    }

    /// <summary>Ends the text with a period (unless it ends with other punctuation).</summary>
    private static string? Sentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        var trimmed = text.TrimEnd();
        return trimmed[^1] is '.' or '!' or '?' or ':' or ')' && !trimmed.EndsWith(')') ? trimmed : trimmed + ".";
    }

    private static Func<HelpContext, bool> Section(string title, Func<HelpContext, IEnumerable<string>> lines) => context =>
    {
        var text = lines(context).ToList();
        if (text.Count == 0)
        {
            return false;
        }

        context.Output.WriteLine(title);
        foreach (var line in text)
        {
            context.Output.WriteLine("  " + line);
        }

        return true;
    };

    private static IEnumerable<string> SynopsisRows(HelpContext context) =>
        context.Command.Description is { Length: > 0 } description ? [description] : [];

    /// <summary><c>propgrade runs show &lt;RUNID&gt; [options]</c>: the command path, its arguments, [command] when it has subcommands, [options].</summary>
    private static bool UsageSection(HelpContext context)
    {
        var parts = new List<string>();
        var path = new Stack<string>();
        for (var command = context.Command; command is not null; command = command.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Push(command is RootCommand ? "propgrade" : command.Name);
        }

        parts.AddRange(path);
        parts.AddRange(context.Command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>"));
        if (context.Command.Subcommands.Count > 0)
        {
            parts.Add("[command]");
        }

        parts.Add("[options]");
        context.Output.WriteLine("Usage:");
        context.Output.WriteLine("  " + string.Join(' ', parts));
        return true;
    }

    [GeneratedRegex(@"\s*\(default:?\s+(?<value>[^()]*(\([^()]*\)[^()]*)*)\)\s*\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingDefault();
}
