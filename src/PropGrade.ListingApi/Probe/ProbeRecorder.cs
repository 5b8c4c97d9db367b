using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Probe;

/// <summary>Keeps the exchanges of one probe call (the client records every attempt, sanitised, through it).</summary>
internal sealed class ProbeRecorder : IRawRecorder
{
    private readonly List<RawExchange> _items = [];
    private readonly Lock _gate = new();

    /// <summary>The last exchange for which a request really went out (not one the open circuit refused), or null.</summary>
    public RawExchange? Sent
    {
        get
        {
            lock (_gate)
            {
                return _items.LastOrDefault(e => !e.Classification.EndsWith("circuit_open", StringComparison.Ordinal));
            }
        }
    }

    public void Record(RawExchange exchange)
    {
        lock (_gate)
        {
            _items.Add(exchange);
        }
    }
}
