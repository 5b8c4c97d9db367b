using System.Collections;

namespace PropGrade.Core.Exports;

/// <summary>
/// The rows of an <see cref="ExternalSorter{T}"/> in its order, with their count known beforehand: read again (merged
/// from the sorter's runs) at each enumeration, never held.
/// </summary>
internal sealed class SortedRows(ExternalSorter<GradedRow> sorter, int count) : IReadOnlyCollection<GradedRow>, IAsyncEnumerable<GradedRow>
{
    public int Count => count;

    public IEnumerator<GradedRow> GetEnumerator() =>
        sorter.Sorted().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async IAsyncEnumerator<GradedRow> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var yielded = 0;
        foreach (var row in this)
        {
            if (++yielded % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
            }

            yield return row;
        }
    }
}
