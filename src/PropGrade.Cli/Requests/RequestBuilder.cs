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

        if (flags.UndisclosedPrice is { } undisclosed)
        {
            json["undisclosedPrice"] = undisclosed;
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
            "undisclosedPrice" => "--undisclosed-price",
            _ => field,
        };
    }

    private static string[] Split(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// A JSON file: an array of tiers, or an object with a <c>tiers</c> array. Text that cannot be read (not UTF-8, not
    /// JSON, a lone surrogate escape) is a problem naming the file, the line and the column, never a crash.
    /// </summary>
    private static JsonNode? ReadTiers(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"--tiers: file '{path}' does not exist.");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"--tiers: '{path}' cannot be read: {ex.Message}");
            return null;
        }

        if (JsonTextCheck.Check(bytes) is { Count: > 0 } unreadable)
        {
            foreach (var error in unreadable)
            {
                problems.Add(error.Field == JsonTextCheck.Root
                    ? $"--tiers: '{path}': {error.Message}"
                    : $"--tiers: '{path}': {error.Field} {error.Message}");
            }

            return null;
        }

        try
        {
            var node = JsonNode.Parse(JsonTextCheck.WithoutByteOrderMark(bytes));
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
            problems.Add($"--tiers: '{path}': {JsonTextCheck.Describe(ex)}");
        }

        return null;
    }

    /// <summary>
    /// A CSV file of roster rows <c>advertiser_id,nrds_id</c>, one agent per line; '#' comments and blank lines are
    /// skipped. A first line naming an <c>advertiser_id</c> and an <c>nrds_id</c> column (in any position, e.g. the
    /// header of a <c>graded.csv</c>) picks those columns; without one, the first two columns are used. Every bad line is
    /// named.
    /// </summary>
    private static JsonArray? ReadRoster(string path, List<string> problems)
    {
        if (!File.Exists(path))
        {
            problems.Add($"--roster: file '{path}' does not exist.");
            return null;
        }

        var rows = new JsonArray();
        var idColumn = 0;
        var nrdsColumn = 1;
        var lineNumber = 0;
        var first = true;
        if (NotUtf8Line(path) is { } badLine)
        {
            problems.Add($"--roster: '{path}' is not UTF-8 text (line {badLine}): save it as UTF-8 (CSV UTF-8).");
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var fields = CsvLine.Split(line);
            if (first)
            {
                first = false;
                var header = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                var id = header.FindIndex(h => h is "advertiser_id" or "advertiserid");
                if (id >= 0)
                {
                    idColumn = id;
                    nrdsColumn = header.FindIndex(h => h is "nrds_id" or "nrdsid");
                    if (nrdsColumn < 0)
                    {
                        problems.Add($"--roster: '{path}' has an advertiser_id column but no nrds_id column; every row needs both (the listing API's get-profile takes both).");
                        return null;
                    }

                    continue;
                }
            }

            var advertiserId = idColumn < fields.Count ? fields[idColumn].Trim() : "";
            var nrdsId = nrdsColumn < fields.Count ? fields[nrdsColumn].Trim() : "";
            if (advertiserId.Length == 0)
            {
                problems.Add($"--roster: line {lineNumber} of '{path}': no advertiser id.");
                continue;
            }

            if (nrdsId.Length == 0)
            {
                problems.Add($"--roster: line {lineNumber} of '{path}': advertiser {advertiserId} has no NRDS id (each row is advertiser_id,nrds_id).");
                continue;
            }

            rows.Add(new JsonObject { ["advertiserId"] = advertiserId, ["nrdsId"] = nrdsId });
        }

        return rows;
    }

    /// <summary>The first line (counted from 1) of <paramref name="path"/> that is not UTF-8, or null when all are.</summary>
    private static int? NotUtf8Line(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return null;
        }

        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var line = 1;
        foreach (var raw in ((ReadOnlySpan<byte>)bytes).Split((byte)'\n'))
        {
            try
            {
                _ = strict.GetCharCount(bytes.AsSpan(raw));
            }
            catch (DecoderFallbackException)
            {
                return line;
            }

            line++;
        }

        return line;
    }
}
