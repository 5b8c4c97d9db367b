using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PropGrade.Cli.Output;

/// <summary>
/// One help layout for every command (<c>propgrade X --help</c>): Description, Usage (<c>propgrade X [command]
/// [options]</c>, never "additional arguments"), Arguments, Options, Commands. Every option shows a value placeholder
/// (<c>--tiers &lt;FILE&gt;</c>, <c>--since &lt;DATE&gt;</c>, <c>--max-pages &lt;N&gt;</c>), a description that is a
/// sentence, and its default as <c>[default: ...]</c> whether it is a typed default or written in the description
/// ("(default: 12 months before --as-of)"). Written by our own help action (System.CommandLine 2.0.0's help builder is
/// not public), from the public command tree only.
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
        ["--drift"] = "NAMES", ["--only"] = "SECTIONS", ["--cases"] = "CASES", ["--rolling-months"] = "N", ["--concurrency"] = "N", ["--agents"] = "N", ["--limit"] = "N", ["--rows"] = "N",
    };

    /// <summary>Applies the layout to <paramref name="root"/> and every command under it; help goes to <paramref name="output"/> (the console when null).</summary>
    public static void Apply(RootCommand root, TextWriter? output = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var defaults = new Dictionary<Option, string>();
        foreach (var command in Commands(root))
        {
            command.Description = Sentence(command.Description);
            foreach (var argument in command.Arguments)
            {
                argument.Description = Sentence(argument.Description);
            }

            foreach (var option in command.Options.OfType<HelpOption>())
            {
                option.Description = Sentence(option.Description);
            }

            foreach (var option in command.Options.Where(o => o is not HelpOption and not VersionOption))
            {
                if (option.ValueType != typeof(bool))
                {
                    option.HelpName ??= Placeholder(option);
                }

                var (description, fallback) = SplitDefault(option.Description);
                option.Description = Sentence(description);
                if (fallback is not null)
                {
                    defaults[option] = fallback;
                }
            }
        }

        var writer = new HelpWriter(defaults, output);
        foreach (var option in root.Options.OfType<HelpOption>())
        {
            option.Action = writer;
        }
    }

    /// <summary>Whether the command line asks for help (<c>--help</c>, <c>-h</c>, <c>-?</c>): help is written even when other flags are wrong.</summary>
    public static bool IsHelp(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.Action is HelpWriter;
    }

    /// <summary>The help of the command at <paramref name="path"/> (under a root that <see cref="Apply"/> was applied to), as <c>--help</c> writes it.</summary>
    public static string Render(RootCommand root, params string[] path)
    {
        ArgumentNullException.ThrowIfNull(root);
        using var output = new StringWriter();
        var parse = root.Parse([.. path, "--help"]);
        var writer = (HelpWriter)root.Options.OfType<HelpOption>().Single().Action!;
        writer.Write(parse.CommandResult.Command, output);
        return output.ToString();
    }

    private sealed class HelpWriter(Dictionary<Option, string> defaults, TextWriter? output) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            Write(parseResult.CommandResult.Command, output ?? parseResult.InvocationConfiguration.Output);
            return 0;
        }

        public void Write(Command command, TextWriter to)
        {
            var width = Width();
            var sections = new List<(string Title, List<string> Lines)>();
            if (command.Description is { Length: > 0 } description)
            {
                sections.Add(("Description:", [.. Wrap(description, width - 2)]));
            }

            sections.Add(("Usage:", [Usage(command)]));
            var arguments = command.Arguments.Where(a => !a.Hidden)
                .Select(a => ($"<{a.Name}>", a.Description ?? "")).ToList();
            if (arguments.Count > 0)
            {
                sections.Add(("Arguments:", Columns(arguments, width)));
            }

            var options = command.Options.Where(o => !o.Hidden)
                .Concat(command.Parents.OfType<Command>().SelectMany(Ancestors).SelectMany(p => p.Options).Where(o => o.Recursive && !o.Hidden))
                .Distinct()
                .OrderBy(o => o is HelpOption or VersionOption ? 1 : 0)
                .Select(o => (OptionLabel(o), OptionText(o))).ToList();
            if (options.Count > 0)
            {
                sections.Add(("Options:", Columns(options, width)));
            }

            var commands = command.Subcommands.Where(c => !c.Hidden)
                .Select(c => (c.Name + string.Concat(c.Arguments.Where(a => !a.Hidden).Select(a => $" <{a.Name}>")), c.Description ?? "")).ToList();
            if (commands.Count > 0)
            {
                sections.Add(("Commands:", Columns(commands, width)));
            }

            for (var i = 0; i < sections.Count; i++)
            {
                if (i > 0)
                {
                    to.WriteLine();
                }

                to.WriteLine(sections[i].Title);
                foreach (var line in sections[i].Lines)
                {
                    to.WriteLine("  " + line);
                }
            }

            to.WriteLine();
        }

        private string OptionText(Option option)
        {
            var text = option.Description ?? "";
            var fallback = defaults.TryGetValue(option, out var written) ? written
                : option is not HelpOption and not VersionOption && option.HasDefaultValue && option.ValueType != typeof(bool) ? Format(option.GetDefaultValue())
                : null;
            return fallback is { Length: > 0 } ? $"{text} [default: {fallback}]" : text;
        }

        private static string? Format(object? value) => value switch
        {
            null => null,
            string s => s,
            System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(Format)),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        private static IEnumerable<Command> Ancestors(Command command)
        {
            yield return command;
            foreach (var parent in command.Parents.OfType<Command>().SelectMany(Ancestors))
            {
                yield return parent;
            }
        }
    }

    /// <summary><c>-h, --help</c> or <c>--tiers &lt;FILE&gt;</c>: the aliases, shortest first, then the value placeholder.</summary>
    private static string OptionLabel(Option option)
    {
        var names = option.Aliases.Append(option.Name).Where(n => n.StartsWith('-')).Distinct().OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal);
        var label = string.Join(", ", names);
        return option.ValueType == typeof(bool) || option is HelpOption or VersionOption || option.HelpName is null ? label : $"{label} <{option.HelpName}>";
    }

    /// <summary>Two columns: the labels padded to the widest (at most a third of the width), the text wrapped beside them.</summary>
    private static List<string> Columns(List<(string Label, string Text)> rows, int width)
    {
        var labelWidth = Math.Min(rows.Max(r => r.Label.Length), width / 3);
        var textWidth = Math.Max(20, width - 2 - labelWidth - 2);
        var lines = new List<string>();
        foreach (var (label, text) in rows)
        {
            var wrapped = Wrap(text, textWidth).ToList();
            if (label.Length > labelWidth)
            {
                lines.Add(label);
                lines.AddRange(wrapped.Select(w => new string(' ', labelWidth + 2) + w));
                continue;
            }

            lines.Add((label.PadRight(labelWidth) + "  " + (wrapped.Count > 0 ? wrapped[0] : "")).TrimEnd());
            lines.AddRange(wrapped.Skip(1).Select(w => new string(' ', labelWidth + 2) + w));
        }

        return lines;
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : "").Append(word);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
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
            return Console.IsOutputRedirected ? 100 : Math.Clamp(Console.WindowWidth, 80, 160);
        }
        catch (IOException)
        {
            return 100;
        }
    }

    private static string Placeholder(Option option) =>
        Placeholders.TryGetValue(option.Name, out var name) ? name
        : option.ValueType == typeof(int) || option.ValueType == typeof(double) || option.ValueType == typeof(long) || option.ValueType == typeof(int?) ? "N"
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

    /// <summary>Ends the text with a period (unless it already ends with . ! ? or :).</summary>
    private static string? Sentence(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        var trimmed = text.TrimEnd();
        return trimmed[^1] is '.' or '!' or '?' or ':' ? trimmed : trimmed + ".";
    }

    /// <summary><c>propgrade runs show &lt;RUNID&gt; [options]</c>: the command path, its arguments, [command] when it has subcommands, [options].</summary>
    private static string Usage(Command command)
    {
        var path = new Stack<string>();
        for (var c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Push(c is RootCommand ? "propgrade" : c.Name);
        }

        var parts = new List<string>(path);
        parts.AddRange(command.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>"));
        if (command.Subcommands.Count > 0)
        {
            parts.Add("[command]");
        }

        parts.Add("[options]");
        return string.Join(' ', parts);
    }

    [GeneratedRegex(@"\s*\(default:?\s+(?<value>[^()]*(\([^()]*\)[^()]*)*)\)\s*\.?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingDefault();
}
