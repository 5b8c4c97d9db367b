using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace PropGrade.Functions.Hosting;

/// <summary>
/// Stream in, stream out: deserialize with source-generated metadata, call one service, serialize. The call runs in a log
/// scope naming the state and the run; an exception is logged there with its message and stack, then rethrown, so
/// Step Functions still sees its short type name as the error.
/// </summary>
internal static class StreamHandler
{
    public static async Task<Stream> InvokeAsync<TIn, TOut>(
        Stream input,
        JsonTypeInfo<TIn> inType,
        JsonTypeInfo<TOut> outType,
        Func<TIn, CancellationToken, Task<TOut>> handle,
        ILogger logger,
        string state,
        Func<TIn, string?> runIdOf)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(logger);
        var message = await JsonSerializer.DeserializeAsync(input, inType) ?? throw new ArgumentException("The input was null.");
        var runId = runIdOf(message);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["state"] = state, ["runId"] = runId });
        TOut output;
        try
        {
            output = await handle(message, CancellationToken.None);
        }
        catch (Exception ex)
        {
            FunctionLog.StateFailed(logger, state, ex.GetType().Name, ex.Message, ex);
            throw;
        }

        var stream = new MemoryStream();
        await JsonSerializer.SerializeAsync(stream, output, outType);
        stream.Position = 0;
        return stream;
    }
}
