namespace PropGrade.Core.Runs;

/// <summary>QUEUED → RUNNING → SUCCEEDED / PARTIAL (finished with incomplete agents) / FAILED; REJECTED when the request was invalid.</summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    Partial,
    Failed,
    Rejected,
}
