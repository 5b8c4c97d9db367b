using PropGrade.Core.Audit;

namespace PropGrade.Core.Runs;

/// <summary>
/// The raw groups of one batch invocation: every exchange goes to the group of the checkpoint in progress; a checkpoint
/// swaps in the next group and commits the previous one, so the exchanges behind every agent a checkpoint saves are
/// committed first. The first group of a batch has the batch's key (a batch committed once has exactly the group it
/// always had), later ones <c>{batchKey}-c{n}</c>. Thread-safe.
/// </summary>
internal sealed class CheckpointGroups : IRawRecorder, IAsyncDisposable
{
    private readonly IRawStore? _store;
    private readonly string _runId;
    private readonly string _batchKey;
    private readonly Lock _gate = new();
    private IRawGroupWriter? _current;
    private int _number;

    public CheckpointGroups(IRawStore? store, string runId, string batchKey, int firstNumber)
    {
        _store = store;
        _runId = runId;
        _batchKey = batchKey;
        _number = firstNumber;
        _current = store?.OpenGroup(runId, Key(batchKey, firstNumber));
    }

    /// <summary>The checkpoint whose group records now.</summary>
    public int Number
    {
        get
        {
            lock (_gate)
            {
                return _number;
            }
        }
    }

    /// <summary>The key of checkpoint <paramref name="number"/>'s raw group and results: the batch key, then <c>-c0001</c>, ...</summary>
    public static string Key(string batchKey, int number) =>
        number == 0 ? batchKey : FormattableString.Invariant($"{batchKey}-c{number:D4}");

    public void Record(RawExchange exchange)
    {
        lock (_gate)
        {
            _current?.Record(exchange);
        }
    }

    /// <summary>Ends the checkpoint in progress: returns its group (to commit) and number; the next one records from now on.</summary>
    public (IRawGroupWriter? Group, int Number) Next(bool openAnother)
    {
        lock (_gate)
        {
            var ended = (_current, _number);
            _number++;
            _current = openAnother ? _store?.OpenGroup(_runId, Key(_batchKey, _number)) : null;
            return ended;
        }
    }

    public async ValueTask DisposeAsync()
    {
        IRawGroupWriter? left;
        lock (_gate)
        {
            left = _current;
            _current = null;
        }

        if (left is not null)
        {
            await left.DisposeAsync().ConfigureAwait(false);
        }
    }
}
