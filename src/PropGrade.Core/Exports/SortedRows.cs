using System.Collections;

namespace PropGrade.Core.Exports;

/// <summary>
/// The rows of an <see cref="ExternalSorter{T}"/> that pass a filter, in the sorter's order, with their count known
/// beforehand: read again (merged from the sorter's runs) at each enumeration, never held.
/// </summary>
internal sealed class SortedRows(ExternalSorter<GradedRow> sorter, Func<GradedRow, bool>? filter, int count) : IReadOnlyCollection<GradedRow>, IAsyncEnumerable<GradedRow>
{
    public int Count => count;

    public IEnumerator<GradedRow> GetEnumerator() =>
        (filter is null ? sorter.Sorted() : sorter.Sorted().Where(filter)).GetEnumerator();

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
