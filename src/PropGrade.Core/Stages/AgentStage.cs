using System.Text.Json.Serialization;

namespace PropGrade.Core.Stages;

/// <summary>The stage an agent goes to next (the Choice states of the AWS item processor branch on it).</summary>
public enum AgentStage
{
    [JsonStringEnumMemberName("profile")]
    Profile,

    [JsonStringEnumMemberName("active")]
    Active,

    [JsonStringEnumMemberName("sold")]
    Sold,

    [JsonStringEnumMemberName("done")]
    Done,
}
