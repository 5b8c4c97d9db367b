using System.Text.Json.Serialization;

namespace PropGrade.Core.Runs;

/// <summary>What started a run.</summary>
public enum RunTrigger
{
    [JsonStringEnumMemberName("cli")]
    Cli,

    [JsonStringEnumMemberName("api")]
    Api,

    [JsonStringEnumMemberName("schedule")]
    Schedule,
}
