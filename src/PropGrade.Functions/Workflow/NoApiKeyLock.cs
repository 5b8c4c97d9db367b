namespace PropGrade.Functions.Workflow;

/// <summary>Until the API-key lock exists there is nothing to release: the hook's stand-in.</summary>
internal sealed class NoApiKeyLock : IApiKeyLockRelease
{
    public static readonly NoApiKeyLock Instance = new();

    public Task ReleaseAsync(string runId, CancellationToken cancellationToken) => Task.CompletedTask;
}
