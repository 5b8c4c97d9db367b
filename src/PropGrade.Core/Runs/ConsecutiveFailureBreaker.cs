namespace PropGrade.Core.Runs;

/// <summary>
/// The run-level breaker: <see cref="Threshold"/> agents in a row failing ends the run with a clear reason (the
/// local twin of the Distributed Map's tolerated-failure threshold). Any success resets the streak. Once tripped it
/// stays tripped. Thread-safe.
/// </summary>
public sealed class ConsecutiveFailureBreaker
{
    private readonly Lock _gate = new();
    private int _streak;
    private string? _lastReason;
    private string? _reason;

    /// <param name="threshold">How many consecutive agent failures trip the breaker (at least 1).</param>
    public ConsecutiveFailureBreaker(int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Threshold = threshold;
    }

    public int Threshold { get; }

    /// <summary>True once <see cref="Threshold"/> consecutive failures were recorded.</summary>
    public bool IsTripped
    {
        get
        {
            lock (_gate)
            {
                return _reason is not null;
            }
        }
    }

    /// <summary>Why the run was stopped, in words a sales-ops person can act on; null while not tripped.</summary>
    public string? Reason
    {
        get
        {
            lock (_gate)
            {
                return _reason;
            }
        }
    }

    /// <summary>The current run of consecutive failures.</summary>
    public int ConsecutiveFailures
    {
        get
        {
            lock (_gate)
            {
                return _streak;
            }
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            if (_reason is null)
            {
                _streak = 0;
                _lastReason = null;
            }
        }
    }

    /// <summary>Records one failed agent; returns true when this failure trips the breaker.</summary>
    /// <param name="reason">The agent's failure reason code, e.g. <c>http_503</c>.</param>
    public bool RecordFailure(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            if (_reason is not null)
            {
                return false;
            }

            _streak++;
            _lastReason = reason;
            if (_streak < Threshold)
            {
                return false;
            }

            _reason = $"Stopped: {_streak} agents in a row could not be read (last failure: {_lastReason}). " +
                      "The listing API looks unavailable; try the run again later (it resumes where it stopped).";
            return true;
        }
    }
}
