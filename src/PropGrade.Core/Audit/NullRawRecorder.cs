namespace PropGrade.Core.Audit;

/// <summary>Keeps nothing (for calls whose audit nobody needs, such as the simulator's own probes).</summary>
public sealed class NullRawRecorder : IRawRecorder
{
    public static NullRawRecorder Instance { get; } = new();

    private NullRawRecorder()
    {
    }

    public void Record(RawExchange exchange)
    {
    }
}
