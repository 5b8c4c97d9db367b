namespace PropGrade.Core.Runs;

/// <summary>A run with this id exists already: a run cannot be created or started twice.</summary>
public sealed class RunAlreadyExistsException(string runId)
    : Exception($"Run '{runId}' already exists.")
{
    public string RunId { get; } = runId;
}
