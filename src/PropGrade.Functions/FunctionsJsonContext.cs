using System.Text.Json;
using System.Text.Json.Serialization;
using PropGrade.Functions.Messages;
using PropGrade.Functions.Hosting;

namespace PropGrade.Functions;

/// <summary>The Lambda payloads (camelCase except the fields Step Functions names), source generated.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    // Case-sensitive: a failure input may hold both the Map's "Items" and the envelope's "items".
    PropertyNameCaseInsensitive = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LaunchInput))]
[JsonSerializable(typeof(PreparedRun))]
[JsonSerializable(typeof(MapBatch))]
[JsonSerializable(typeof(BatchEnvelope))]
[JsonSerializable(typeof(FailureInput))]
[JsonSerializable(typeof(RunFinished))]
[JsonSerializable(typeof(ScheduledEvent))]
[JsonSerializable(typeof(ExecutionStatusEvent))]
[JsonSerializable(typeof(ExecutionStatusResult))]
[JsonSerializable(typeof(ApiGatewayProxyRequest))]
[JsonSerializable(typeof(ApiGatewayProxyResponse))]
internal sealed partial class FunctionsJsonContext : JsonSerializerContext;
