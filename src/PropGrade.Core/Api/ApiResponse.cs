namespace PropGrade.Core.Api;

/// <summary>What the runs API answers: a status code, response headers (always including <c>Content-Type</c>) and the body.</summary>
public sealed record ApiResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body);
