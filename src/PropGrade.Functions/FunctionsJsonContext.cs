using System.Text.Json;
using System.Text.Json.Serialization;
using PropGrade.Functions.Messages;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions;

/// <summary>The Lambda payloads (camelCase except the fields Step Functions names), source generated.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    // Case-sensitive: the Map's "Items" and "BatchInput" are Step Functions' spellings.
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LaunchInput))]
[JsonSerializable(typeof(StartedRun))]
[JsonSerializable(typeof(DiscoveryTask))]
[JsonSerializable(typeof(SliceStep))]
[JsonSerializable(typeof(RunRef))]
[JsonSerializable(typeof(DiscoveredRun))]
[JsonSerializable(typeof(MapBatch))]
[JsonSerializable(typeof(BatchStep))]
[JsonSerializable(typeof(FailureInput))]
[JsonSerializable(typeof(RunFinished))]
[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(ExecutionStatusEvent))]
[JsonSerializable(typeof(ExecutionStatusResult))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
