using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Requests;

/// <summary>
/// Flags → a <see cref="RunRequest"/>: the flags become the same JSON the runs API takes and go through
/// <see cref="RunRequestParser"/>, so the CLI and the API share every rule. Problems come back named by flag.
/// </summary>
internal static class RequestBuilder
{
    /// <param name="flags">The flags as typed.</param>
    /// <param name="defaults">What omitted fields become.</param>
    /// <param name="baseRequest">For a regrade: the source run's request, which omitted flags keep.</param>
    /// <param name="problems">Every problem, by flag.</param>
    public static RunRequest? Build(GradingFlags flags, RunDefaults defaults, RunRequest? baseRequest, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var json = baseRequest is null ? new JsonObject() : (JsonObject)JsonSerializer.SerializeToNode(baseRequest, CoreJsonContext.Default.RunRequest)!;
        var before = problems.Count;
        if (flags.TiersFile is { } tiersFile)
        {
            json["tiers"] = ReadTiers(tiersFile, problems);
        }

        if (flags.Since is { } since)
        {
            json["soldSince"] = since;
            if (baseRequest is not null && flags.AsOf is null)
            {
                json["asOf"] = baseRequest.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }
        else if (baseRequest is null && flags.AsOf is not null)
        {
            json.Remove("soldSince");
        }

        if (flags.AsOf is { } asOf)
        {
            json["asOf"] = asOf;
        }

        if (flags.IncludeActive)
        {
            json["includeActive"] = true;
        }

        if (flags.Select is { } select)
        {
            json["selectedTiers"] = new JsonArray([.. Split(select).Select(s => (JsonNode)JsonValue.Create(s))]);
        }
        else if (flags.TiersFile is not null && baseRequest is not null)
        {
            json.Remove("selectedTiers");
        }

        if (flags.Markets is { } markets)
        {
            json["markets"] = new JsonArray([.. Split(markets).Select(m => (JsonNode)JsonValue.Create(m))]);
            json.Remove("roster");
        }

        if (flags.RosterFile is { } rosterFile)
        {
            json["roster"] = ReadRoster(rosterFile, problems);
            if (flags.Markets is null)
            {
                json.Remove("markets");
            }
        }

        if (flags.MaxPages is { } maxPages)
        {
            if (int.TryParse(maxPages, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                json["maxPages"] = n;
            }
            else
            {
                problems.Add($"--max-pages: '{maxPages}' is not a whole number.");
            }
        }

        if (problems.Count > before)
        {
            return null;
        }

        var result = RunRequestParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), defaults);
        foreach (var error in result.Errors)
        {
            problems.Add($"{FlagFor(error.Field)} ({error.Field}): {error.Message}");
        }

        return result.Request;
    }

    /// <summary>The flag that sets a request field.</summary>
    public static string FlagFor(string field)
    {
        var root = field.Split('[', '.')[0];
        return root switch
        {
            "tiers" => "--tiers",
            "soldSince" => "--since",
            "asOf" => "--as-of",
            "includeActive" => "--include-active",
            "selectedTiers" => "--select",
            "markets" => "--markets",
            "roster" => "--roster",
            "maxPages" => "--max-pages",
            _ => field,
        };
    }

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A JSON file: an array of tiers, or an object with a <c>tiers</c> array.</summary>
    private static JsonNode? ReadTiers(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"--tiers: file '{path}' does not exist.");
            return null;
        }

        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path));
            if (node is JsonObject obj && obj["tiers"] is JsonArray inner && obj.Count == 1)
            {
                return inner.DeepClone();
            }

            if (node is JsonArray)
            {
                return node;
            }

            problems.Add($"--tiers: '{path}' must hold a JSON array of tiers ({{\"name\",\"minVolume\",\"minSides\"}}) or {{\"tiers\": [...]}}.");
        }
        catch (JsonException ex)
        {
            problems.Add($"--tiers: '{path}' is not valid JSON: {ex.Message}");
        }

        return null;
    }

    /// <summary>A text or CSV file: one advertiser id per line (first column), '#' comments and a header line allowed.</summary>
    private static JsonArray? ReadRoster(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"--roster: file '{path}' does not exist.");
            return null;
        }

        var ids = new JsonArray();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var text = line.Split(',')[0].Trim().Trim('"');
            if (text.Length == 0 || text.StartsWith('#') || (lineNumber == 1 && text.Equals("advertiser_id", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                ids.Add(id);
            }
            else
            {
                problems.Add($"--roster: line {lineNumber} of '{path}': '{text}' is not an advertiser id.");
            }
        }

        return ids;
    }
}
