using System.Runtime.CompilerServices;

namespace PropGrade.Core.Audit;

/// <summary>Reading helpers every <see cref="IRawStore"/> shares.</summary>
public static class RawStoreReading
{
    /// <summary>The exchanges of every group that is not refused, in order (what <see cref="IRawStore.ReadAsync"/> returns).</summary>
    public static async IAsyncEnumerable<RawExchange> ExchangesAsync(IAsyncEnumerable<RawGroup> groups, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groups);
        await foreach (var group in groups.WithCancellation(cancellationToken))
        {
            if (group.State == RawGroupState.Failed)
            {
                continue;
            }

            foreach (var exchange in group.Exchanges())
            {
                yield return exchange;
            }
        }
    }

    /// <summary>
    /// Where gzip members as this format writes them may start in <paramref name="stream"/> (read from its current
    /// position to its end): every offset of the 8 fixed bytes of .NET's gzip header (magic, deflate, no flags, no
    /// time). A member's bytes lie between two such offsets; a false match inside compressed data is possible in
    /// principle and is caught by the member's check.
    /// </summary>
    public static async Task<IReadOnlyList<long>> FindMemberStartsAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ReadOnlyMemory<byte> header = new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00 };
        var starts = new List<long>();
        var buffer = new byte[1 << 20];
        var carried = 0;
        long bufferStart = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(carried), cancellationToken).ConfigureAwait(false);
            var filled = carried + read;
            var span = buffer.AsSpan(0, filled);
            var from = 0;
            while (true)
            {
                var found = span[from..].IndexOf(header.Span);
                if (found < 0)
                {
                    break;
                }

                starts.Add(bufferStart + from + found);
                from += found + 1;
            }

            if (read == 0)
            {
                return starts;
            }

            // Keep the last header-length-minus-one bytes: a header may straddle two reads.
            carried = Math.Min(header.Length - 1, filled);
            span[(filled - carried)..].CopyTo(buffer);
            bufferStart += filled - carried;
        }
    }
}
