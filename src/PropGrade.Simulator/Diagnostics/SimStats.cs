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
    private readonly Queue<RequestLogEntry> _log = new();
    private long _total;
    private bool _truncated;

    public SimStats(int capacity) => _capacity = capacity;

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
                if (_log.Count >= _capacity)
                {
                    _log.Dequeue();
                    _truncated = true;
                }

                _log.Enqueue(new RequestLogEntry(path, query, status, fault));
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
            _log.Clear();
            _truncated = false;
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
            entries = [.. _log];
            truncated = _truncated;
        }

        w.WriteStartObject();
        w.WriteStartArray("requests");
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("path", e.Path);
            w.WriteString("query", e.Query);
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
