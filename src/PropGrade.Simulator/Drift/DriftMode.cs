namespace PropGrade.Simulator.Drift;

/// <summary>The named departures from the contract the simulator can serve (<see cref="DriftNames"/>), combinable.</summary>
[Flags]
internal enum DriftMode
{
    None = 0,
    SoldPriceRenamed = 1,
    FlatEnvelope = 2,
    UnsortedSold = 4,
    RemovedEndpoint = 8,
    NumericIds = 16,
    PendingStatus = 32,
    EchoKey = 64,
}
