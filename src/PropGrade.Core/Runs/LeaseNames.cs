namespace PropGrade.Core.Runs;

/// <summary>The names of the leases the run lifecycle takes.</summary>
public static class LeaseNames
{
    /// <summary>One executor per run (local): <c>run:{runId}</c>.</summary>
    public static string Run(string runId)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return "run:" + runId;
    }

    /// <summary>
    /// One active run per API key: <c>apikey:{source}</c>, where the source names the key without being it (on AWS the
    /// secret's id, locally the API base).
    /// </summary>
    public static string ApiKey(string keySource)
    {
        ArgumentException.ThrowIfNullOrEmpty(keySource);
        return "apikey:" + keySource;
    }
}
