namespace PropGrade.Core.Audit;

/// <summary>Receives raw exchanges as they happen. Implementations are thread-safe and never block on I/O.</summary>
public interface IRawRecorder
{
    void Record(RawExchange exchange);
}
