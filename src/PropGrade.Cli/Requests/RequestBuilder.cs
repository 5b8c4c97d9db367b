using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PropGrade.Core.Runs;

namespace PropGrade.Cli.Requests;

/// <summary>
/// Flags → a <see cref="RunRequest"/>: the flags become the same JSON the runs API takes and go through
/// <see cref="RunRequestParser"/>, so the CLI and the API share every rule. Problems come back named by flag, with the
/// bad value; a JSON file that cannot be read says where (line, column) and what was expected.
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
        ArgumentNullException.ThrowIfNull(defaults);
        var before = problems.Count;
        var json = baseRequest is null ? new JsonObject() : BaseJson(baseRequest);
        var fromFile = new HashSet<string>(StringComparer.Ordinal);
        var rosterLines = new List<int>();
        if (flags.RequestFile is { } requestFile && ReadRequestFile(requestFile, problems) is { } fileJson)
        {
            json = fileJson;
            fromFile.UnionWith(fileJson.Select(p => p.Key));
        }

        if (flags.Name is { } name)
        {
            json["name"] = name;
        }

        if (flags.TiersFile is { } tiersFile)
        {
            json["tiers"] = ReadTiers(tiersFile, problems);
        }

        if (flags.RollingMonths is { } rolling)
        {
            if (int.TryParse(rolling, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var months))
            {
                json["rollingMonths"] = months;
                if (flags.Since is null && flags.AsOf is null)
                {
                    // A rolling window replaces the dates a base request or a request file had.
                    json.Remove("soldSince");
                    json.Remove("asOf");
                }
            }
            else
            {
                problems.Add($"--rolling-months: '{rolling}' is not a whole number of months (1..{RunRequest.MaxRollingMonths}).");
            }
        }
        else if (flags.Since is not null || flags.AsOf is not null)
        {
            // Fixed dates replace a rolling window a base request or a request file had.
            if (baseRequest?.RollingMonths is not null && json.ContainsKey("rollingMonths"))
            {
                var (since, asOf) = baseRequest.WindowAt(defaults.Today);
                json["soldSince"] = Day(since);
                json["asOf"] = Day(asOf);
            }

            json.Remove("rollingMonths");
        }

        if (flags.Since is { } sinceFlag)
        {
            json["soldSince"] = sinceFlag;
        }

        if (flags.AsOf is { } asOfFlag)
        {
            json["asOf"] = asOfFlag;
            if (flags.Since is null && !fromFile.Contains("soldSince") && baseRequest is null)
            {
                json.Remove("soldSince");
            }
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
            json["roster"] = RosterFile.Read(rosterFile, problems, rosterLines);
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

        if (flags.UndisclosedPrice is { } undisclosed)
        {
            json["undisclosedPrice"] = undisclosed;
        }

        if (problems.Count > before)
        {
            return null;
        }

        var byFlag = FlagsGiven(flags);
        var result = RunRequestParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), defaults);
        foreach (var error in result.Errors)
        {
            var root = error.Field.Split('[', '.')[0];
            var flag = fromFile.Contains(root) && !byFlag.Contains(root) ? "--request" : FlagFor(error.Field);
            var where = flag == "--roster" && RosterIndex(error.Field) is { } row && row < rosterLines.Count
                ? $", line {rosterLines[row]} of '{flags.RosterFile}'"
                : "";
            problems.Add($"{flag} ({error.Field}{where}): {error.Message}");
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
            "undisclosedPrice" => "--undisclosed-price",
            "name" => "--name",
            "rollingMonths" => "--rolling-months",
            "$" => "--request",
            _ => field,
        };
    }

    /// <summary>The row index of a <c>roster[i]...</c> field.</summary>
    private static int? RosterIndex(string field) =>
        field.StartsWith("roster[", StringComparison.Ordinal) && field.IndexOf(']', StringComparison.Ordinal) is > 7 and var end
            && int.TryParse(field.AsSpan(7, end - 7), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    /// <summary>The request fields the flags set.</summary>
    private static HashSet<string> FlagsGiven(GradingFlags flags)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        void If(bool given, string field)
        {
            if (given)
            {
                fields.Add(field);
            }
        }

        If(flags.TiersFile is not null, "tiers");
        If(flags.Since is not null, "soldSince");
        If(flags.AsOf is not null, "asOf");
        If(flags.IncludeActive, "includeActive");
        If(flags.Select is not null, "selectedTiers");
        If(flags.Markets is not null, "markets");
        If(flags.RosterFile is not null, "roster");
        If(flags.MaxPages is not null, "maxPages");
        If(flags.UndisclosedPrice is not null, "undisclosedPrice");
        If(flags.Name is not null, "name");
        If(flags.RollingMonths is not null, "rollingMonths");
        return fields;
    }

    /// <summary>A stored request as the JSON the API takes: a rolling request without its dates (they roll), no nulls.</summary>
    private static JsonObject BaseJson(RunRequest request)
    {
        var json = (JsonObject)JsonSerializer.SerializeToNode(request, CoreJsonContext.Default.RunRequest)!;
        foreach (var key in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(key);
        }

        if (request.RollingMonths is not null)
        {
            json.Remove("soldSince");
            json.Remove("asOf");
        }

        return json;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A RunRequest JSON file: an object of the fields <c>POST /runs</c> takes.</summary>
    private static JsonObject? ReadRequestFile(string path, List<string> problems)
    {
        if (JsonFile.Read("--request", path, problems) is not { } node)
        {
            return null;
        }

        if (node is JsonObject obj)
        {
            return obj;
        }

        problems.Add($"--request: '{path}' must hold a JSON object, the RunRequest POST /runs takes ({{\"tiers\": [...], \"markets\": [...], ...}}); it holds {JsonFile.Kind(node)}.");
        return null;
    }

    /// <summary>A JSON file: an array of tiers, or an object with a <c>tiers</c> array.</summary>
    private static JsonNode? ReadTiers(string path, List<string> problems)
    {
        if (JsonFile.Read("--tiers", path, problems) is not { } node)
        {
            return null;
        }

        if (node is JsonObject obj && obj["tiers"] is JsonArray inner && obj.Count == 1)
        {
            return inner.DeepClone();
        }

        if (node is JsonArray)
        {
            return node;
        }

        problems.Add($"--tiers: '{path}' must hold a JSON array of tiers ([{{\"name\": \"A\", \"minVolume\": 40000000}}, ...]) or {{\"tiers\": [...]}}; it holds {JsonFile.Kind(node)}.");
        return null;
    }
}
