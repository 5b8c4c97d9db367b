namespace PropGrade.Core.Runs;

/// <summary>
/// The field path (<c>tiers[1].name</c>, <c>$</c> for the document) of the token a <see cref="System.Text.Json.Utf8JsonReader"/>
/// is on, kept up to date token by token, so a problem found while reading can be named as the validator names it.
/// </summary>
internal sealed class JsonPathTracker
{
    private readonly Stack<Frame> _frames = new();

    /// <summary>The path of the last value, container or property seen; <c>$</c> before any.</summary>
    public string Current { get; private set; } = JsonTextCheck.Root;

    /// <summary>The path of the object or array being read; <c>$</c> at the top.</summary>
    public string Container => _frames.TryPeek(out var frame) ? frame.Path : JsonTextCheck.Root;

    /// <summary>A scalar value.</summary>
    public void Value() => Current = ChildPath();

    /// <summary>An object or array starts (it is a value of its parent).</summary>
    public void Open(bool isArray)
    {
        Current = ChildPath();
        _frames.Push(new Frame(Current, isArray));
    }

    /// <summary>An object or array ends.</summary>
    public void Close()
    {
        if (_frames.TryPop(out var frame))
        {
            Current = frame.Path;
        }
    }

    /// <summary>A property name inside the current object (null when it cannot be read: its values are named <c>?</c>).</summary>
    public void Property(string? name)
    {
        if (_frames.TryPeek(out var frame))
        {
            frame.Property = name;
            Current = frame.Path;
        }
    }

    private string ChildPath()
    {
        if (!_frames.TryPeek(out var parent))
        {
            return JsonTextCheck.Root;
        }

        if (parent.IsArray)
        {
            parent.Index++;
            return $"{parent.Path}[{parent.Index}]";
        }

        var name = parent.Property ?? "?";
        return parent.Path == JsonTextCheck.Root ? name : parent.Path + "." + name;
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }
    }
}
