using System.Globalization;

namespace PropGrade.Core.Runs;

/// <summary>
/// The listing source a run was created against (<c>contracts/runs-api.md</c>, run record <c>source</c>), pinned so that
/// a resume never grafts another API's answers onto the run. Never holds the key: <see cref="ForApi"/> drops the URL's
/// user info, query and fragment.
/// <list type="bullet">
/// <item>An API base: <see cref="BaseUrl"/> the normalized base URL (lower-case scheme and host, default port dropped,
/// path ending in <c>/</c>), <see cref="Host"/> its host name, <see cref="Provider"/> the <c>X-RapidAPI-Host</c> the client
/// sends (which API behind that gateway answers).</item>
/// <item>The embedded simulator: <c>http://127.0.0.1/</c> (its port changes with every process, so it is not pinned),
/// host <c>127.0.0.1</c>, provider <c>simulator (seed S, N agents)</c>: its world is what answers, and another seed or
/// size is another world.</item>
/// </list>
/// Two sources are the same when all three fields are equal (<see cref="SameAs"/>).
/// </summary>
/// <param name="BaseUrl">The normalized base URL (no key, no query string).</param>
/// <param name="Host">The base URL's host name.</param>
/// <param name="Provider"><c>simulator (seed S, N agents)</c>, or the <c>X-RapidAPI-Host</c> value of an API base.</param>
public sealed record RunSource(string BaseUrl, string Host, string Provider)
{
    /// <summary>The embedded simulator's host: it always binds to the loopback address.</summary>
    public const string EmbeddedHost = "127.0.0.1";

    /// <summary>The provider prefix of the embedded simulator.</summary>
    public const string SimulatorProvider = "simulator";

    /// <summary>The source of a run graded against the embedded simulator with world <paramref name="seed"/> and <paramref name="agents"/>.</summary>
    public static RunSource Embedded(int seed, int agents) => new(
        "http://" + EmbeddedHost + "/",
        EmbeddedHost,
        string.Create(CultureInfo.InvariantCulture, $"{SimulatorProvider} (seed {seed}, {agents} agents)"));

    /// <summary>The source of a run graded against <paramref name="apiBase"/> with <paramref name="rapidApiHost"/> as its <c>X-RapidAPI-Host</c>.</summary>
    public static RunSource ForApi(Uri apiBase, string rapidApiHost)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        ArgumentException.ThrowIfNullOrWhiteSpace(rapidApiHost);
        if (!apiBase.IsAbsoluteUri)
        {
            throw new ArgumentException("The API base must be an absolute URL.", nameof(apiBase));
        }

        // Scheme, host, port (when not the default) and path only: never the user info, query or fragment (a key could ride there).
        var authority = apiBase.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped).ToLowerInvariant();
        var path = apiBase.GetComponents(UriComponents.Path, UriFormat.UriEscaped);
        var baseUrl = authority + "/" + (path.Length == 0 || path.EndsWith('/') ? path : path + "/");
        return new RunSource(baseUrl, apiBase.IdnHost.ToLowerInvariant(), rapidApiHost.Trim().ToLowerInvariant());
    }

    /// <summary>True when <paramref name="other"/> names the same source (all three fields equal).</summary>
    public bool SameAs(RunSource? other) =>
        other is not null
        && string.Equals(BaseUrl, other.BaseUrl, StringComparison.Ordinal)
        && string.Equals(Host, other.Host, StringComparison.Ordinal)
        && string.Equals(Provider, other.Provider, StringComparison.Ordinal);

    /// <summary>For messages: <c>the embedded simulator (seed 42, 2000 agents)</c> or <c>https://api.example/ (X-RapidAPI-Host realty-in-us.p.rapidapi.com)</c>.</summary>
    public string Describe() =>
        Provider.StartsWith(SimulatorProvider + " ", StringComparison.Ordinal) && Host == EmbeddedHost && BaseUrl == "http://" + EmbeddedHost + "/"
            ? "the embedded " + Provider
            : $"{BaseUrl} (X-RapidAPI-Host {Provider})";

    /// <summary>
    /// Why <paramref name="record"/> may not call <paramref name="current"/>, or null when it may: a run pinned to
    /// another source is refused; a run recorded before sources were pinned (no <see cref="RunRecord.Source"/>) is refused
    /// unless <paramref name="adoptUnrecorded"/>. Regrades make no call and always may.
    /// </summary>
    public static string? Mismatch(RunRecord record, RunSource current, bool adoptUnrecorded)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(current);
        if (record.RegradeOf is not null)
        {
            return null;
        }

        if (record.Source is null)
        {
            return adoptUnrecorded
                ? null
                : $"run '{record.RunId}' was recorded before runs pinned their listing source, so nothing shows it was created against {current.Describe()}. "
                  + "If it was, resume it with --adopt-source (this source is then pinned to it); otherwise give the --api-base it was created with and --adopt-source.";
        }

        return record.Source.SameAs(current)
            ? null
            : $"run '{record.RunId}' was created against {record.Source.Describe()}, but this resume would call {current.Describe()}. "
              + "Resuming it there would mix two sources' data in one run; give the source it was created with"
              + (record.Source.Provider.StartsWith(SimulatorProvider + " ", StringComparison.Ordinal) ? " (no --api-base, the same simulator world)" : $" (--api-base {record.Source.BaseUrl})")
              + ", or start a new run.";
    }
}
