namespace PropGrade.Local.Web;

/// <summary>Settings of the <c>propgrade serve</c> host, validated once at start.</summary>
public sealed class LocalWebHostOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// Largest accepted request body, in bytes: longer ones answer 413 before they are read (never above the API's own
    /// <c>RunsApiOptions.MaxBodyBytes</c>). Default null: the API's cap (3 MiB, a roster of 50,000 agents).
    /// </summary>
    public long? MaxRequestBodyBytes { get; set; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        if (MaxRequestBodyBytes is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1024, nameof(MaxRequestBodyBytes));
        }
    }
}
