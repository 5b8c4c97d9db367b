using System.Globalization;

namespace PropGrade.ListingApi.Probe;

/// <summary>
/// One field of one endpoint, counted over every occurrence: present (by JSON type), null, missing, of another type or
/// of an unusable value, with the first concrete path of each problem and a hint of what was there instead.
/// </summary>
internal sealed class FieldTally(string endpoint, string path, string? condition, bool required, JsonKinds accepted, JsonKinds documented)
{
    private readonly SortedDictionary<string, int> _types = new(StringComparer.Ordinal);
    private int _seen;
    private int _missing;
    private int _null;
    private int _wrong;
    private int _rejected;
    private string? _firstMissing;
    private string? _firstWrong;
    private string? _wrongWhat;
    private string? _hint;

    public string Endpoint { get; } = endpoint;

    public string Path { get; } = path;

    public string? Condition { get; } = condition;

    public bool Required { get; } = required;

    public JsonKinds Accepted { get; } = accepted;

    public void Present(JsonKinds kind)
    {
        _seen++;
        if (kind == JsonKinds.Null)
        {
            _null++;
        }

        var name = JsonKindsText.Describe(kind);
        _types[name] = _types.GetValueOrDefault(name) + 1;
    }

    public void Absent(string at, string? hint)
    {
        _missing++;
        if (_firstMissing is null)
        {
            _firstMissing = at;
            _hint = hint;
        }
    }

    public void WrongType(string at, JsonKinds kind) =>
        Wrong(at, $"is {JsonKindsText.Describe(kind)}, expected {JsonKindsText.Describe(Accepted)}", JsonKindsText.Describe(kind));

    /// <summary>A value of no accepted type that the mapper cannot read either (a non-numeric string for a number).</summary>
    public void BadValue(string at, string what, JsonKinds kind) => Wrong(at, what, JsonKindsText.Describe(kind));

    /// <summary>
    /// An occurrence already counted present whose value the grader cannot use (an unparseable date, an unknown
    /// status): it moves from present to wrong.
    /// </summary>
    public void Reject(string at, string what)
    {
        _seen--;
        _rejected++;
        Wrong(at, what, kindName: null);
    }

    /// <summary>The failure (a required field missing everywhere or of another type) in words, or null.</summary>
    public string? Failure()
    {
        if (!Required)
        {
            return null;
        }

        if (_wrong > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Endpoint}: {_firstWrong} {_wrongWhat}{Count(_wrong)}");
        }

        return _missing > 0 && _seen == 0
            ? $"{Endpoint}: {_firstMissing} missing{Qualifier()}{HintText()}"
            : null;
    }

    /// <summary>A required field missing on some occurrences only, in words, or null.</summary>
    public string? Warning() =>
        Required && _wrong == 0 && _missing > 0 && _seen > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{Endpoint}: {Path} missing on {_missing} of {_missing + _seen}{Qualifier()} (first at {_firstMissing}){HintText()}")
            : null;

    public FieldCheck ToCheck()
    {
        var occurrences = _seen + _missing + _wrong;
        var verdict = occurrences == 0 ? "not seen"
            : _wrong > 0 ? (_rejected == _wrong ? "unusable value" : "wrong type")
            : _seen == 0 ? (Required ? "missing" : "absent")
            : _missing > 0 ? "partly missing"
            : "ok";
        string? note = null;
        var unexpected = _types.Keys.Where(k => k != "null" && !IsDocumented(k)).ToList();
        if (_seen > 0 && unexpected.Count > 0)
        {
            note = $"sent as {string.Join(", ", unexpected)} (the contract says {JsonKindsText.Describe(documented & ~JsonKinds.Null)}); the mapper reads it";
        }

        return new FieldCheck(
            Endpoint,
            Path,
            Condition,
            Required,
            JsonKindsText.Describe(Accepted),
            _seen,
            _missing,
            _null,
            _wrong,
            new Dictionary<string, int>(_types, StringComparer.Ordinal),
            verdict,
            _wrong > 0 ? _firstWrong : _firstMissing,
            _wrong > 0 ? _wrongWhat : _hint,
            note);
    }

    /// <summary>A note for the report when the type differs from the contract's but the mapper accepts it, or null.</summary>
    public string? Note() => ToCheck().Note is { } note ? $"{Endpoint}: {Path} {note}" : null;

    private bool IsDocumented(string typeName) =>
        Enum.GetValues<JsonKinds>().Any(k => k != JsonKinds.None && documented.HasFlag(k) && JsonKindsText.Describe(k) == typeName);

    private void Wrong(string at, string what, string? kindName)
    {
        _wrong++;
        if (kindName is not null)
        {
            _types[kindName] = _types.GetValueOrDefault(kindName) + 1;
        }

        if (_firstWrong is null)
        {
            _firstWrong = at;
            _wrongWhat = what;
        }
    }

    private string Qualifier() => Condition is null ? string.Empty : $" ({Condition})";

    private string HintText() => _hint is null ? string.Empty : ": " + _hint;

    private static string Count(int wrong) =>
        wrong == 1 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({wrong} occurrences)");
}
