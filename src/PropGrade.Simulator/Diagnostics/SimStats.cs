using System.Text.Json;

namespace PropGrade.Simulator.Diagnostics;

/// <summary>
/// Server-side counters of the <c>/agents/*</c> requests (by endpoint and status, plus injected faults) and the
/// ordered log of them (the newest <c>capacity</c> entries). Aborted connections count under status "aborted".
/// </summary>
internal sealed class SimStats
{
    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _byEndpoint = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _faults = new(StringComparer.Ordinal);
    private RequestLogEntry[] _log;
    private int _head;
    private int _count;
    private long _total;
    private bool _truncated;

    public SimStats(int capacity)
    {
        _capacity = capacity;
        _log = NewLog();
    }

    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public void Record(string path, string query, int status, string? fault)
    {
        var statusKey = status == 0 ? "aborted" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _total++;
            if (!_byEndpoint.TryGetValue(path, out var byStatus))
            {
                byStatus = new SortedDictionary<string, long>(StringComparer.Ordinal);
                _byEndpoint[path] = byStatus;
            }

            byStatus[statusKey] = byStatus.GetValueOrDefault(statusKey) + 1;
            if (fault is not null)
            {
                _faults[fault] = _faults.GetValueOrDefault(fault) + 1;
            }

            if (_capacity > 0)
            {
                Append(new RequestLogEntry(path, System.Text.Encoding.UTF8.GetBytes(query), status, fault));
            }
            else
            {
                _truncated = true;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _total = 0;
            _byEndpoint.Clear();
            _faults.Clear();
            _log = NewLog();
            _head = 0;
            _count = 0;
            _truncated = false;
        }
    }

    private RequestLogEntry[] NewLog() => new RequestLogEntry[Math.Clamp(_capacity, 1, 256)];

    /// <summary>A ring buffer that grows (doubling) up to the capacity, then overwrites the oldest entry. Under the lock.</summary>
    private void Append(RequestLogEntry entry)
    {
        if (_count == _log.Length && _log.Length < _capacity)
        {
            var grown = new RequestLogEntry[(int)Math.Min(_capacity, 2L * _log.Length)];
            for (var i = 0; i < _count; i++)
            {
                grown[i] = _log[(_head + i) % _log.Length];
            }

            _log = grown;
            _head = 0;
        }

        if (_count < _log.Length)
        {
            _log[(_head + _count) % _log.Length] = entry;
            _count++;
        }
        else
        {
            _log[_head] = entry;
            _head = (_head + 1) % _log.Length;
            _truncated = true;
        }
    }

    public void WriteStats(Utf8JsonWriter w)
    {
        lock (_gate)
        {
            w.WriteStartObject();
            w.WriteNumber("total", _total);
            w.WriteStartObject("by_endpoint");
            foreach (var (path, byStatus) in _byEndpoint)
            {
                w.WriteStartObject(path);
                foreach (var (status, n) in byStatus)
                {
                    w.WriteNumber(status, n);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartObject("faults");
            foreach (var (name, n) in _faults)
            {
                w.WriteNumber(name, n);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    public void WriteRequests(Utf8JsonWriter w)
    {
        RequestLogEntry[] entries;
        bool truncated;
        lock (_gate)
        {
            entries = new RequestLogEntry[_count];
            for (var i = 0; i < _count; i++)
            {
                entries[i] = _log[(_head + i) % _log.Length];
            }

            truncated = _truncated;
        }

        w.WriteStartObject();
        w.WriteStartArray("requests");
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("path", e.Path);
            w.WriteString("query", e.Query.AsSpan());
            w.WriteNumber("status", e.Status);
            if (e.Fault is null)
            {
                w.WriteNull("fault");
            }
            else
            {
                w.WriteString("fault", e.Fault);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteBoolean("truncated", truncated);
        w.WriteEndObject();
    }
}
