namespace PropGrade.Functions.Workflow;

/// <summary>The run was not QUEUED when Prepare ran (a repeated launch event). The state machine ends quietly on it.</summary>
public sealed class RunAlreadyStartedException(string runId) : Exception($"Run '{runId}' is not QUEUED; not starting it again.");
