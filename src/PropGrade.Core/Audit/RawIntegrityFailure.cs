namespace PropGrade.Core.Audit;

/// <summary>A raw group that failed verification, as a report names it.</summary>
/// <param name="Group">The group key (<c>agents-1a2b3c-000012</c>), or what names the manifest line when it is unreadable.</param>
/// <param name="Segment">The raw object the manifest places it in.</param>
/// <param name="Code">One of <see cref="RawIntegrityCodes"/>' group codes (<c>sha256_mismatch</c>, <c>missing</c>, ...).</param>
/// <param name="Message">What was found, in words.</param>
/// <param name="Agents">The agents whose stored responses it held (from the manifest); null when unknown.</param>
public sealed record RawIntegrityFailure(string Group, string Segment, string Code, string Message, IReadOnlyList<string>? Agents)
{
    /// <summary>From a failed group.</summary>
    public static RawIntegrityFailure From(RawGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var failure = group.Failure ?? throw new ArgumentException("The group did not fail.", nameof(group));
        return new RawIntegrityFailure(group.Entry.Group, group.Entry.Segment, failure.Code, failure.Message, group.Entry.Agents);
    }

    /// <summary><c>raw group agents-1a2b3c-000012 in seg-000003-….jsonl.gz: sha256 mismatch (…)</c>.</summary>
    public string Describe() => $"raw group {Group} in {Segment}: {Code.Replace('_', ' ')} ({Message})";
}
