namespace PropGrade.Local.Web;

/// <summary>Settings of the <c>propgrade serve</c> host, validated once at start.</summary>
public sealed class LocalWebHostOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one. Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Largest accepted request body, in bytes (Kestrel's limit; the API applies its own, smaller one). Default 8 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBodyBytes, 1024, nameof(MaxRequestBodyBytes));
    }
}
