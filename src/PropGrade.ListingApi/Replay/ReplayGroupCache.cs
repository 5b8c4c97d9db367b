using PropGrade.Core.Audit;

namespace PropGrade.ListingApi.Replay;

/// <summary>
/// The decompressed, verified groups a replay is reading from, least recently used evicted past a byte budget. One
/// load per group at a time (concurrent askers share it); a group refused by the integrity check stays refused;
/// any other failure is forgotten so that the next ask tries again. Thread-safe.
/// </summary>
internal sealed class ReplayGroupCache(long capacityBytes)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, LinkedListNode<Slot>> _slots = [];
    private readonly LinkedList<Slot> _recent = new();
    private long _bytes;

    /// <summary>Decompressed bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public Task<RawGroup> GetAsync(int group, Func<int, Task<RawGroup>> load)
    {
        Slot slot;
        lock (_gate)
        {
            if (_slots.TryGetValue(group, out var known))
            {
                _recent.Remove(known);
                _recent.AddFirst(known);
                return known.Value.Done.Task;
            }

            slot = new Slot(group);
            _slots[group] = _recent.AddFirst(slot);
        }

        _ = LoadAsync(slot, load);
        return slot.Done.Task;
    }

    /// <summary>Drops every group held.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _slots.Clear();
            _recent.Clear();
            _bytes = 0;
        }
    }

    private async Task LoadAsync(Slot slot, Func<int, Task<RawGroup>> load)
    {
        try
        {
            var group = await load(slot.Group).ConfigureAwait(false);
            lock (_gate)
            {
                if (_slots.TryGetValue(slot.Group, out var node) && ReferenceEquals(node.Value, slot))
                {
                    slot.Size = group.Content.Length;
                    _bytes += slot.Size;
                    EvictLocked();
                }
            }

            slot.Done.SetResult(group);
        }
        catch (Exception ex)
        {
            if (ex is not RawIntegrityException)
            {
                lock (_gate)
                {
                    if (_slots.TryGetValue(slot.Group, out var node) && ReferenceEquals(node.Value, slot))
                    {
                        _slots.Remove(slot.Group);
                        _recent.Remove(node);
                    }
                }
            }

            slot.Done.SetException(ex);
        }
    }

    private void EvictLocked()
    {
        var node = _recent.Last;
        while (_bytes > capacityBytes && node is not null)
        {
            var previous = node.Previous;
            if (node.Value.Done.Task.IsCompleted || node.Value.Size > 0)
            {
                _recent.Remove(node);
                _slots.Remove(node.Value.Group);
                _bytes -= node.Value.Size;
            }

            node = previous;
        }
    }

    private sealed class Slot(int group)
    {
        public int Group { get; } = group;

        public long Size { get; set; }

        public TaskCompletionSource<RawGroup> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
