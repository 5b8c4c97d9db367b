namespace PropGrade.Local;

/// <summary>The data directory cannot be used (empty path, a file, under a file, not writable); nothing was created. Commands exit 2 with its message.</summary>
public sealed class DataDirectoryException : ArgumentException
{
    public DataDirectoryException()
    {
    }

    public DataDirectoryException(string message)
        : base(message)
    {
    }

    public DataDirectoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
