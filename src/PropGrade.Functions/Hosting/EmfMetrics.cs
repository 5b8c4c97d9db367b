using System.Text.Json;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// CloudWatch embedded metric format: one JSON line per invocation on stdout, which CloudWatch Logs turns into metrics
/// (namespace <see cref="Namespace"/>, dimension <c>Function</c>) without an API call: the listing-API calls, the 429s
/// and retries, and the agents an invocation left incomplete or stopped. The run id rides along as a property
/// (searchable in the log, not a dimension: it would make a metric per run).
/// </summary>
public sealed class EmfMetrics(TextWriter output, TimeProvider time)
{
    public const string Namespace = "PropGrade";

    /// <summary>Writes one EMF line: <paramref name="counts"/> as Count metrics of <paramref name="function"/>, <paramref name="milliseconds"/> as Milliseconds.</summary>
    public void Write(string function, string? runId, IReadOnlyDictionary<string, long> counts, IReadOnlyDictionary<string, double>? milliseconds = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", time.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Function");
            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var name in counts.Keys)
            {
                WriteDefinition(json, name, "Count");
            }

            foreach (var name in (milliseconds ?? new Dictionary<string, double>()).Keys)
            {
                WriteDefinition(json, name, "Milliseconds");
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Function", function);
            if (runId is not null)
            {
                json.WriteString("runId", runId);
            }

            foreach (var (name, value) in counts)
            {
                json.WriteNumber(name, value);
            }

            foreach (var (name, value) in milliseconds ?? new Dictionary<string, double>())
            {
                json.WriteNumber(name, Math.Round(value, 1));
            }

            json.WriteEndObject();
        }

        lock (output)
        {
            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            output.Flush();
        }
    }

    private static void WriteDefinition(Utf8JsonWriter json, string name, string unit)
    {
        json.WriteStartObject();
        json.WriteString("Name", name);
        json.WriteString("Unit", unit);
        json.WriteEndObject();
    }
}
