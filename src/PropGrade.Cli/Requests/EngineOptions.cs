using System.CommandLine;
using System.Globalization;
using PropGrade.Local;

namespace PropGrade.Cli.Requests;

/// <summary>The flags that compose the engine: data dir, API base and key, concurrency, rate, embedded world size.</summary>
internal sealed class EngineOptions
{
    public Option<string> DataDir { get; } = new("--data-dir") { Description = "Where runs, raw responses and exports live", DefaultValueFactory = _ => "./propgrade-data" };

    public Option<string?> Concurrency { get; } = new("--concurrency") { Description = "Agent batches graded at once (default 8)" };

    public Option<string?> Rate { get; } = new("--rate") { Description = "Client request rate, requests/second (default: unthrottled for the embedded simulator, 5 for an API base)" };

    public Option<string?> ApiBase { get; } = new("--api-base") { Description = "Listing API base URL (default: start the embedded simulator)" };

    public Option<string> ApiKeyEnv { get; } = new("--api-key-env") { Description = "Environment variable holding the API key", DefaultValueFactory = _ => "PROPGRADE_API_KEY" };

    public Option<string?> Agents { get; } = new("--agents") { Description = "Agents in the embedded simulator's world (default 2000)" };

    public void AddTo(Command command, bool live)
    {
        command.Options.Add(DataDir);
        if (live)
        {
            command.Options.Add(Concurrency);
            command.Options.Add(Rate);
            command.Options.Add(ApiBase);
            command.Options.Add(ApiKeyEnv);
            command.Options.Add(Agents);
        }
    }

    /// <summary>The engine options, or null with the problems added.</summary>
    public LocalEngineOptions? Read(ParseResult parse, List<string> problems, bool live)
    {
        var options = new LocalEngineOptions { DataDir = parse.GetValue(DataDir) ?? DataDirFlag.Default };
        DataDirFlag.Check(options.DataDir, problems);
        if (!live)
        {
            return problems.Count == 0 ? options : null;
        }

        if (parse.GetValue(Concurrency) is { } concurrency)
        {
            if (int.TryParse(concurrency, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1024)
            {
                options.Concurrency = n;
            }
            else
            {
                problems.Add($"--concurrency: '{concurrency}' must be a whole number 1..1024.");
            }
        }

        if (parse.GetValue(Rate) is { } rate)
        {
            if (double.TryParse(rate, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && !double.IsInfinity(r))
            {
                options.RequestsPerSecond = r;
            }
            else
            {
                problems.Add($"--rate: '{rate}' must be a positive number of requests per second.");
            }
        }

        if (parse.GetValue(ApiBase) is { } apiBase)
        {
            if (Uri.TryCreate(apiBase, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                options.ApiBase = uri;
            }
            else
            {
                problems.Add($"--api-base: '{apiBase}' is not an http(s) URL.");
            }
        }

        var keyEnv = parse.GetValue(ApiKeyEnv);
        if (string.IsNullOrWhiteSpace(keyEnv))
        {
            problems.Add("--api-key-env: give the name of an environment variable.");
        }
        else
        {
            options.ApiKeyEnvironmentVariable = keyEnv;
            if (options.ApiBase is not null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(keyEnv)))
            {
                problems.Add($"--api-key-env: the environment variable {keyEnv} holding the API key is not set.");
            }
        }

        if (parse.GetValue(Agents) is { } agents)
        {
            if (int.TryParse(agents, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && a is >= 1 and <= 1_000_000)
            {
                options.Simulator.Agents = a;
            }
            else
            {
                problems.Add($"--agents: '{agents}' must be a whole number 1..1000000.");
            }
        }

        return problems.Count == 0 ? options : null;
    }
}
