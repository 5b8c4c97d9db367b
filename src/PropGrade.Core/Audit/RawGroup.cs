namespace PropGrade.Core.Audit;

/// <summary>
/// One stored raw group as a reader found it: where it is (<see cref="Entry"/>), whether it checked out
/// (<see cref="State"/>), and, unless it failed, its decompressed JSON Lines (<see cref="Content"/>) with the position
/// of each committed record (<see cref="Records"/>). Made by <see cref="RawGroupDecoder"/>.
/// </summary>
public sealed class RawGroup
{
    internal RawGroup(RawManifestEntry entry, RawGroupState state, byte[] content, IReadOnlyList<RawRecordSpan> records, RawGroupFailure? failure)
    {
        Entry = entry;
        State = state;
        Content = content;
        Records = records;
        Failure = failure;
    }

    /// <summary>
    /// The group's place and hash: the manifest's line for a manifest-checked group; for an unverified group, the
    /// member's place as found and the SHA-256 of its bytes when read (so a later read can tell whether they changed).
    /// </summary>
    public RawManifestEntry Entry { get; }

    public RawGroupState State { get; }

    /// <summary>Why it was refused (only when <see cref="State"/> is <see cref="RawGroupState.Failed"/>).</summary>
    public RawGroupFailure? Failure { get; }

    /// <summary>The decompressed JSON Lines (records and commit markers); empty for a failed group.</summary>
    public byte[] Content { get; }

    /// <summary>Every committed record's line in <see cref="Content"/>, in stored order; empty for a failed group.</summary>
    public IReadOnlyList<RawRecordSpan> Records { get; }

    /// <summary>The record at <paramref name="index"/> of <see cref="Records"/>.</summary>
    public RawExchange ReadRecord(int index)
    {
        var span = Records[index];
        return RawExchangeSerializer.Deserialize(Content.AsSpan(span.Offset, span.Length));
    }

    /// <summary>Every committed record, in stored order.</summary>
    public IEnumerable<RawExchange> Exchanges()
    {
        for (var i = 0; i < Records.Count; i++)
        {
            yield return ReadRecord(i);
        }
    }

    /// <summary><c>raw group agents-1a2b3c-000012 in seg-000003-…jsonl.gz: sha256 mismatch (…)</c>.</summary>
    public string Describe() =>
        Failure is { } failure
            ? $"raw group {Entry.Group} in {Entry.Segment}: {failure.Code.Replace('_', ' ')} ({failure.Message})"
            : $"raw group {Entry.Group} in {Entry.Segment}: {State.ToString().ToLowerInvariant()}";
}
