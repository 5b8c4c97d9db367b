namespace PropGrade.ListingApi.Replay;

/// <summary>A stored final answer: the body of an <c>ok</c>, or the status and body of a final 404/400.</summary>
internal sealed record StoredAnswer(byte[]? Body, int? Status, byte[] FailureBody);
