namespace PropGrade.Core.Runs;

/// <summary>
/// Another run holds the API key's lock (one active run per API key): this run is refused and makes no call. The
/// message names the holder; <see cref="HolderRunId"/> is what the API's 409 answers with.
/// </summary>
public sealed class ApiKeyLockedException(string runId, Lease holder)
    : Exception($"Run '{runId}' was refused: the API key is in use by {holder?.Describe()}. One run per API key at a time: wait for it to finish, or stop it.")
{
    public string RunId { get; } = runId;

    public string? HolderRunId { get; } = holder?.RunId;

    public Lease Holder { get; } = holder ?? throw new ArgumentNullException(nameof(holder));
}
