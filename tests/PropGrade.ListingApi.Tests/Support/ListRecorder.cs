using System.Collections.Concurrent;
using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Tests.Support;

/// <summary>Keeps every recorded exchange in memory.</summary>
internal sealed class ListRecorder : IRawRecorder
{
    private readonly ConcurrentQueue<RawExchange> _items = new();

    public IReadOnlyList<RawExchange> Items => [.. _items];

    public void Record(RawExchange exchange) => _items.Enqueue(exchange);
}
