using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Wallets;

public static class WalletHistory
{
    /// <summary>Entries after a position, oldest first; Next is where the following page starts, null on the last.</summary>
    public static HistoryPage Page(IReadOnlyList<WalletEntry> entries, long after, int limit)
    {
        var size = Math.Clamp(limit, 1, LedgerLimits.MaxHistoryPageSize);
        var first = FirstAfter(entries, after);
        var page = entries.Skip(first).Take(size).ToArray();
        var more = first + page.Length < entries.Count;
        return new HistoryPage(page, more ? page[^1].Position : null);
    }

    private static int FirstAfter(IReadOnlyList<WalletEntry> entries, long after)
    {
        int low = 0, high = entries.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (entries[middle].Position <= after)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
