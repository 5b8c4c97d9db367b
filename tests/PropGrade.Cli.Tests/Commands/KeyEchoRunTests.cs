using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PropGrade.Cli.Output;
using PropGrade.Core.Runs;
using PropGrade.ListingApi.Tests.Support;
using PropGrade.Simulator;

namespace PropGrade.Cli.Tests.Commands;

/// <summary>
/// Issue 12, defect 8: a provider that echoes the API key (the simulator's <c>echo-key</c> drift: base64, URL-encoded and
/// inside a base64 <c>user:key</c> in a header, as is, base64- and URL-encoded in every error message, with 500 faults).
/// After a run, no form of the key is in any byte of the data directory (raw segments decompressed, the SQLite files,
/// the exports unzipped) nor in the CLI's stdout or stderr; also when the key is refused and its echo becomes the run's error.
/// </summary>
[Trait("Category", "Integration")]
public sealed class KeyEchoRunTests : IDisposable
{
    private const string Key = "Echo/Key+9f8e7d6c5b a1b2c3d4e5f6==";
    private const string RefusedKey = "Wrong+Key/0a1b2c3d4e5f 66778899==";
    private static readonly DateOnly Today = new(2026, 11, 23);
    private readonly string _root = Directory.CreateTempSubdirectory("pg-cli-keyecho-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string DataDir => Path.Combine(_root, "data");

    private static SimulatorOptions Echoing(string key) => new()
    {
        Agents = 150,
        Today = Today,
        RequestLogCapacity = 0,
        ApiKey = key,
        Drift = [DriftNames.EchoKey],
        Faults = new FaultRates { Http500 = 0.2 },
    };

    private async Task<(int Exit, string Out, string Error)> RunAsync(Action<Local.LocalEngineOptions>? configure, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, terminal: null) { ConfigureEngine = configure };
        var exit = await CliApp.InvokeAsync([.. args, "--data-dir", DataDir], context);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_ProviderEchoesTheKeyInHeadersAnd500Bodies_NoFormOfItIsKeptOrPrinted()
    {
        var (exit, stdout, stderr) = await RunAsync(o => o.Simulator = Echoing(Key), "run", "--json", "--max-pages", "3");

        Assert.True(exit is 0 or 3, $"exit {exit}: {stderr}");
        var record = JsonSerializer.Deserialize(stdout, CoreJsonContext.Default.RunRecord)!;
        Assert.True(record.Counters.ApiCalls > 0, "the run made its calls");
        var (shown, _, _) = await RunAsync(null, "runs", "show", record.RunId, "--json");
        AssertNowhere(Key, stdout + stderr + shown);
        var (retried, masked) = RawEvidence();
        Assert.True(retried > 0, "500s echoing the key were answered and recorded");
        Assert.True(masked > 0, "the echoes were masked, not dropped");
    }

    [Fact]
    public async Task Run_RefusedKeyEchoedInThe401Message_TheRunsErrorHoldsNoFormOfIt()
    {
        var options = Echoing("the-right-key-0123456789");
        options.Faults = FaultRates.None;
        await using var sim = await SimulatorHost.StartAsync(options);
        var variable = "PG_TEST_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, RefusedKey);
        try
        {
            var (exit, stdout, stderr) = await RunAsync(
                null, "run", "--json", "--api-base", sim.BaseAddress.ToString(), "--api-key-env", variable, "--rate", "200", "--markets", "07030");

            Assert.True(exit == 1, $"exit {exit}: {stdout} {stderr}");
            AssertNowhere(RefusedKey, stdout + stderr);
            Assert.Contains("401", stdout + stderr, StringComparison.Ordinal);
            Assert.Contains("***", stdout + stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    /// <summary>Every form of <paramref name="key"/>, searched in the printed text and in every byte under the data directory.</summary>
    private void AssertNowhere(string key, string printed)
    {
        var forms = KeyEncodings.All(key);
        foreach (var (name, form) in forms)
        {
            Assert.False(printed.Contains(form, StringComparison.Ordinal), $"stdout/stderr hold the key ({name})");
        }

        var scanned = 0;
        foreach (var (where, bytes) in DataDirectoryBytes())
        {
            scanned++;
            foreach (var (name, form) in forms)
            {
                Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(form)) >= 0, $"{where} holds the key ({name})");
            }
        }

        Assert.True(scanned >= 3, $"only {scanned} files scanned");
    }

    /// <summary>
    /// Each file's bytes; a .gz also decompressed, and each raw record's body (stored as base64) decoded; a .xlsx also
    /// each entry unzipped.
    /// </summary>
    private IEnumerable<(string Where, byte[] Bytes)> DataDirectoryBytes()
    {
        foreach (var file in Directory.EnumerateFiles(DataDir, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(DataDir, file);
            var bytes = File.ReadAllBytes(file);
            yield return (relative, bytes);
            if (file.EndsWith(".gz", StringComparison.Ordinal))
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                yield return (relative + " (decompressed)", plain.ToArray());
                var line = 0;
                foreach (var text in Encoding.UTF8.GetString(plain.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    line++;
                    using var json = JsonDocument.Parse(text);
                    if (json.RootElement.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String)
                    {
                        yield return ($"{relative} line {line} body", body.GetBytesFromBase64());
                    }
                }
            }
            else if (file.EndsWith(".xlsx", StringComparison.Ordinal) || file.EndsWith(".zip", StringComparison.Ordinal))
            {
                using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
                foreach (var entry in zip.Entries)
                {
                    using var stream = entry.Open();
                    using var plain = new MemoryStream();
                    stream.CopyTo(plain);
                    yield return ($"{relative}!{entry.FullName}", plain.ToArray());
                }
            }
        }
    }

    /// <summary>How many raw exchanges were 500s, and how many hold the mask, across the decompressed raw segments.</summary>
    private (int Retried500s, int Masked) RawEvidence()
    {
        var retried = 0;
        var masked = 0;
        foreach (var (where, bytes) in DataDirectoryBytes().Where(f => f.Where.EndsWith("(decompressed)", StringComparison.Ordinal)))
        {
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                retried += line.Contains("\"status\":500", StringComparison.Ordinal) ? 1 : 0;
                masked += line.Contains("***", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return (retried, masked);
    }
}
