using System.Security.Cryptography;
using System.Text;
using PropGrade.Core.Runs;

namespace PropGrade.Functions.Workflow;

/// <summary>The key of a Map batch: deterministic per set of agents, so every invocation of it (a continuation, a retry, a redrive) finds its saved progress.</summary>
internal static class BatchKeys
{
    public static string For(IReadOnlyList<AgentWorkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("A batch holds at least one agent.", nameof(items));
        }

        var ids = string.Join(',', items.Select(i => i.AdvertiserId));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..12];
        // The id is the provider's: only its letters and digits go into the key (the hash keeps keys distinct).
        var first = new string([.. items[0].AdvertiserId.Where(char.IsAsciiLetterOrDigit).Take(40)]);
        return $"b{first}-{items.Count}-{hash}";
    }
}
