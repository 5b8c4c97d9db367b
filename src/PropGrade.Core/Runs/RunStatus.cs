using System.Text.Json.Serialization;

namespace PropGrade.Core.Runs;

/// <summary>QUEUED → RUNNING → SUCCEEDED / PARTIAL (finished with incomplete agents) / FAILED; REJECTED when the request was invalid.</summary>
public enum RunStatus
{
    [JsonStringEnumMemberName("QUEUED")]
    Queued,

    [JsonStringEnumMemberName("RUNNING")]
    Running,

    [JsonStringEnumMemberName("SUCCEEDED")]
    Succeeded,

    [JsonStringEnumMemberName("PARTIAL")]
    Partial,

    [JsonStringEnumMemberName("FAILED")]
    Failed,

    [JsonStringEnumMemberName("REJECTED")]
    Rejected,
}
