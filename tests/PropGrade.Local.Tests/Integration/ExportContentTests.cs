using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PropGrade.Core.Exports;
using PropGrade.Core.Grading;
using PropGrade.Core.Runs;
using PropGrade.Core.Tests.Exports;
using PropGrade.Local.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.Local.Tests.Integration;

/// <summary>
/// What a sales team gets, over the real simulator (HTTP on 127.0.0.1, the real client and provider mapping): the
/// contact columns filled from the raw <c>/agents/list</c> entries, and a rolling window that moves forward when the
/// API's today does ("run again").
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExportContentTests : IDisposable
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _dir = Directory.CreateTempSubdirectory("pg-expcontent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private LocalEngine Engine(DateOnly today, int agents = 400) => new(new LocalEngineOptions
    {
        DataDir = _dir,
        Simulator = new SimulatorOptions { Agents = agents, Today = today, RequestLogCapacity = 0 },
        Concurrency = 8,
        BatchSize = 20,
        RawStoreFactory = _ => null,
    });

    [Fact]
    public async Task Run_EveryRowWhoseListEntryHadContactData_HasItInGradedCsv()
    {
        await using var engine = Engine(Today);
        var request = (await engine.GetDefaultsAsync(default)).CreateDefaultRequest() with { SelectedTiers = ["A", "B", "C"] };
        var runId = await engine.SubmitAsync(request, RunTrigger.Cli, default);
        var record = await engine.ExecuteAsync(runId, null, default);
        var entries = await ListEntriesAsync(engine, record.Markets!.Select(m => m.PostalCode));
        var rows = await CsvRowsAsync(engine, runId, ExportNames.GradedCsv);

        Assert.True(rows.Count > 20, $"only {rows.Count} graded rows");
        var checkedPhones = 0;
        var checkedEmails = 0;
        var checkedLicenses = 0;
        foreach (var row in rows)
        {
            var entry = entries[row["advertiser_id"]];
            Assert.Equal(entry.NrdsId ?? "", row["nrds_id"]);
            if (entry.Phone is { } phone)
            {
                Assert.Equal(phone, row["phone"]);
                checkedPhones++;
            }

            if (entry.OfficePhone is { } officePhone)
            {
                Assert.Equal(officePhone, row["office_phone"]);
            }

            if (entry.Email is { } email)
            {
                Assert.Equal(email, row["email"]);
                checkedEmails++;
            }

            if (entry.License is { } license)
            {
                Assert.StartsWith(license, row["license"], StringComparison.Ordinal);
                checkedLicenses++;
            }

            Assert.Equal(entry.Broker ?? "", row["broker"]);
            Assert.Equal(entry.City ?? "", row["city"]);
            Assert.Equal(entry.State ?? "", row["state"]);
            Assert.Equal(entry.WebUrl ?? "", row["profile_url"]);
        }

        Assert.True(checkedPhones > 0 && checkedEmails > 0 && checkedLicenses > 0, $"{checkedPhones} phones, {checkedEmails} emails, {checkedLicenses} licenses checked");
        var contacts = await CsvRowsAsync(engine, runId, ExportNames.ContactsCsv);
        Assert.Equal(rows.Select(r => r["advertiser_id"]), contacts.Select(c => c["Advertiser ID"]));
        Assert.Equal(rows.Select(r => r["email"]), contacts.Select(c => c["Email"]));
        Assert.Equal(rows.Select(r => r["phone"]), contacts.Select(c => c["Phone Number"]));
    }

    [Fact]
    public async Task RollingRunAndItsRunAgain_MoveForwardWhenTheApisTodayMoves()
    {
        var rolling = new RunDefaults(Today, []).CreateDefaultRequest() with { RollingMonths = 12, Name = "Trailing year", SoldSince = default, AsOf = default };
        string first;
        RunRecord firstRecord;
        await using (var engine = Engine(Today, agents: 150))
        {
            var defaults = await engine.GetDefaultsAsync(default);
            first = await engine.SubmitAsync(rolling with { Markets = defaults.Markets, SoldSince = Today.AddMonths(-12), AsOf = Today }, RunTrigger.Cli, default);
            firstRecord = await engine.ExecuteAsync(first, null, default);
        }

        var later = Today.AddMonths(3);
        await using (var engine = Engine(later, agents: 150))
        {
            var again = await engine.SubmitAsync(firstRecord.Request, RunTrigger.Api, default);
            var record = await engine.ExecuteAsync(again, null, default);

            Assert.Equal((Today.AddMonths(-12), Today), firstRecord.Window());
            Assert.Equal((later.AddMonths(-12), later), record.Window());
            Assert.Equal((12, "Trailing year"), (record.Request.RollingMonths!.Value, record.Request.Name));
            Assert.Equal(first, record.Comparison!.PreviousRunId);
            Assert.Equal(Today, record.Comparison.PreviousAsOf);
            await using var summary = (await engine.Exports.OpenReadAsync(again, ExportNames.SummaryJson, default))!;
            using var json = await JsonDocument.ParseAsync(summary);
            var graded = json.RootElement.GetProperty("request");
            Assert.Equal(later.AddMonths(-12).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), graded.GetProperty("soldSince").GetString());
            Assert.Equal(later.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), graded.GetProperty("asOf").GetString());
            Assert.Equal(first, json.RootElement.GetProperty("comparison").GetProperty("previousRunId").GetString());
            var results = await engine.Workspace.ReadResultsAsync(again, default).ToListAsync();
            Assert.Equal(results.Count, record.Counters.AgentsDone);
            var plan = GradingPlan.From(record.Request, later);
            Assert.Equal(later, plan.AsOf);
        }
    }

    private sealed record ListEntry(string? NrdsId, string? Phone, string? OfficePhone, string? Email, string? License, string? Broker, string? City, string? State, string? WebUrl);

    /// <summary>Every agent's <c>/agents/list</c> entry, read from the simulator as the run read it.</summary>
    private static async Task<Dictionary<string, ListEntry>> ListEntriesAsync(LocalEngine engine, IEnumerable<string> markets)
    {
        var sim = engine.Simulator!;
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        http.DefaultRequestHeaders.Add("X-RapidAPI-Key", sim.Options.ApiKey);
        http.DefaultRequestHeaders.Add("X-RapidAPI-Host", sim.Options.Host);
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var entries = new Dictionary<string, ListEntry>(StringComparer.Ordinal);
        foreach (var market in markets)
        {
            for (var offset = 0; ; offset += 20)
            {
                using var page = JsonDocument.Parse(await http.GetStringAsync($"agents/list?postal_code={market}&offset={offset}&limit=20&sort=recently_sold_high&types=agent"));
                var agents = page.RootElement.GetProperty("agents").EnumerateArray().ToList();
                foreach (var agent in agents)
                {
                    var id = agent.GetProperty("advertiser_id").ToString();
                    entries.TryAdd(id, Entry(agent));
                }

                if (agents.Count == 0 || offset + 20 >= page.RootElement.GetProperty("matching_rows").GetInt32())
                {
                    break;
                }
            }
        }

        return entries;
    }

    private static ListEntry Entry(JsonElement agent)
    {
        static string? Text(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s) ? s : null;

        var phones = agent.TryGetProperty("phones", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [];
        string? Phone(string? type) => phones
            .Where(x => Text(x, "number") is not null && (type is null || string.Equals(Text(x, "type"), type, StringComparison.OrdinalIgnoreCase)))
            .Select(x => Text(x, "number")).FirstOrDefault();
        var mls = agent.TryGetProperty("mls", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
        var licensed = mls.Where(x => Text(x, "license_number") is not null).ToList();
        var primary = licensed.FirstOrDefault(x => x.TryGetProperty("primary", out var pr) && pr.ValueKind == JsonValueKind.True);
        var license = primary.ValueKind == JsonValueKind.Object ? Text(primary, "license_number") : licensed.Select(x => Text(x, "license_number")).FirstOrDefault();
        var area = agent.TryGetProperty("served_areas", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().FirstOrDefault(x => Text(x, "name") is not null)
            : default;
        return new ListEntry(
            Text(agent, "nrds_id"),
            Phone("mobile") ?? Phone(null),
            Phone("office"),
            Text(agent, "email"),
            license,
            agent.TryGetProperty("broker", out var b) ? Text(b, "name") : null,
            area.ValueKind == JsonValueKind.Object ? Text(area, "name") : null,
            area.ValueKind == JsonValueKind.Object ? Text(area, "state_code") : null,
            Text(agent, "web_url"));
    }

    private static async Task<List<Dictionary<string, string>>> CsvRowsAsync(LocalEngine engine, string runId, string file)
    {
        await using var stream = (await engine.Exports.OpenReadAsync(runId, file, default))!;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var records = Csv.Fields(await reader.ReadToEndAsync());
        var headers = records[0];
        return [.. records.Skip(1).Select(r => headers.Select((h, i) => (h, r[i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal))];
    }
}
