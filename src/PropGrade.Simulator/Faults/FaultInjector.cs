using System.Collections.Concurrent;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator.Faults;

/// <summary>
/// Decides the fault of a request from a hash of (fault seed, path + query, how many times that exact path + query
/// was decided before). A retry of the same URL is a fresh draw, a run is reproducible whatever the thread
/// interleaving, and with all rates 0 nothing is ever injected (and nothing is tracked).
/// </summary>
internal sealed class FaultInjector
{
    private static readonly FaultKind[] Kinds = Enum.GetValues<FaultKind>();
    private readonly FaultRates _rates;
    private readonly ulong _seed;
    private readonly ConcurrentDictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    public FaultInjector(FaultRates rates, int seed)
    {
        _rates = rates;
        _seed = SplitMix.Mix((ulong)(uint)seed ^ 0xFA017);
        Enabled = rates.Total > 0;
    }

    public bool Enabled { get; }

    /// <summary>The fault for this request, or null.</summary>
    public FaultKind? Decide(string pathAndQuery)
    {
        if (!Enabled)
        {
            return null;
        }

        var occurrence = _occurrences.AddOrUpdate(pathAndQuery, 0, static (_, n) => n + 1);
        return Decide(pathAndQuery, occurrence);
    }

    /// <summary>The pure decision for the <paramref name="occurrence"/>-th request (0-based) of a path + query.</summary>
    public FaultKind? Decide(string pathAndQuery, int occurrence)
    {
        if (!Enabled)
        {
            return null;
        }

        var u = SplitMix.ToUnit(SplitMix.Hash(_seed, SplitMix.HashString(pathAndQuery), (ulong)occurrence));
        var edge = 0.0;
        foreach (var kind in Kinds)
        {
            edge += _rates.RateOf(kind);
            if (u < edge)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>A reproducible number in [0, 1) for this request (latency jitter).</summary>
    public double Jitter(string pathAndQuery, long sequence) =>
        SplitMix.ToUnit(SplitMix.Hash(_seed ^ 0x1A7E, SplitMix.HashString(pathAndQuery), (ulong)sequence));
}
