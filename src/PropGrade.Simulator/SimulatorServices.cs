using PropGrade.Simulator.Diagnostics;
using PropGrade.Simulator.Faults;
using PropGrade.Simulator.World;

namespace PropGrade.Simulator;

/// <summary>The internals of a running simulator, for tests.</summary>
internal sealed record SimulatorServices(WorldView World, SimStats Stats, FaultInjector Faults);
