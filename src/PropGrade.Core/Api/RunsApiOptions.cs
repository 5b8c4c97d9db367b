namespace PropGrade.Core.Api;

/// <summary>Settings of <see cref="RunsApi"/>, validated once when the handler is built.</summary>
public sealed class RunsApiOptions
{
    /// <summary>
    /// The default <see cref="MaxBodyBytes"/>: 3 MiB (3,145,728 bytes). The largest request a roster of 50,000 agents
    /// makes, rows <c>{"advertiserId":"2147483647","nrdsId":"512004417"}</c> (10- and 9-digit ids as strings) plus ten
    /// 31-character tiers, an 80-character name and every other field, is 2,551,421 bytes of compact JSON (2.43 MiB);
    /// 12-character ids on both sides still fit (2.67 MiB). Rows at the validator's 32-character id limit fit about
    /// 32,000 agents. See docs/web.md.
    /// </summary>
    public const int DefaultMaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>Largest accepted <c>POST /runs</c> body. Default <see cref="DefaultMaxBodyBytes"/> (3 MiB, a roster of 50,000 agents); API Gateway's own cap is 10 MB.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Largest accepted <c>?concurrency=</c>. Default 64.</summary>
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>Runs returned by <c>GET /runs</c> without <c>?limit=</c>. Default 50.</summary>
    public int DefaultListLimit { get; set; } = 50;

    /// <summary>Largest accepted <c>?limit=</c>. Default 500.</summary>
    public int MaxListLimit { get; set; } = 500;

    /// <summary>
    /// When true (the local host), export links point at <c>GET /runs/{runId}/exports/{name}</c>, which this handler
    /// serves from the export store behind the same authentication. When false (AWS), the store's links (presigned
    /// S3 URLs) are handed out unchanged and that route answers 404. Default false.
    /// </summary>
    public bool ServeExportFiles { get; set; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBodyBytes, 1024, nameof(MaxBodyBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxListLimit, 1, nameof(MaxListLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultListLimit, 1, nameof(DefaultListLimit));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(DefaultListLimit, MaxListLimit, nameof(DefaultListLimit));
    }
}
