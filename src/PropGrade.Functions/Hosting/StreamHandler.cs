using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PropGrade.Functions.Hosting;

/// <summary>Stream in, stream out: deserialize with source-generated metadata, call one service, serialize.</summary>
internal static class StreamHandler
{
    public static async Task<Stream> InvokeAsync<TIn, TOut>(Stream input, JsonTypeInfo<TIn> inType, JsonTypeInfo<TOut> outType, Func<TIn, CancellationToken, Task<TOut>> handle)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = await JsonSerializer.DeserializeAsync(input, inType) ?? throw new ArgumentException("The input was null.");
        var output = await handle(message, CancellationToken.None);
        var stream = new MemoryStream();
        await JsonSerializer.SerializeAsync(stream, output, outType);
        stream.Position = 0;
        return stream;
    }
}
