using System.Net;
using System.Text.Json;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// Reads a device's offline snapshot over HTTP as a terminal does, page by page, and waits for a
/// change to reach the projection (wallets publish their views asynchronously, every 100 ms).
/// </summary>
public sealed class SnapshotReader(HttpClient client, string deviceId)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public string Path => $"/api/v1/devices/{deviceId}/offline-snapshot";

    public async Task<JsonElement> PageAsync(long since) =>
        await (await client.GetAsync($"{Path}?since={since}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Every page after <paramref name="since"/> until <c>more</c> is false.</summary>
    public async Task<SnapshotRead> ReadAllAsync(long since = 0)
    {
        var pages = new List<JsonElement>();
        for (var version = since; ;)
        {
            var page = await PageAsync(version);
            pages.Add(page);
            version = page.GetProperty("version").GetInt64();
            if (!page.GetProperty("more").GetBoolean())
            {
                return new SnapshotRead(pages, version);
            }
        }
    }

    /// <summary>The version a terminal that read everything holds now.</summary>
    public async Task<long> HeadAsync() => (await ReadAllAsync()).Version;

    /// <summary>Polls from <paramref name="since"/> until the wallet shows as <paramref name="condition"/> expects.</summary>
    public async Task<(JsonElement Wallet, SnapshotRead Read)> WaitForAsync(string walletId, Func<JsonElement, bool> condition, long since = 0)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var read = await ReadAllAsync(since);
            if (read.Wallet(walletId) is { } wallet && condition(wallet))
            {
                return (wallet, read);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The snapshot never showed wallet {walletId} as expected; last seen: {read.Wallet(walletId)}.");
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>The pages of one read and the version to ask from next.</summary>
public sealed record SnapshotRead(IReadOnlyList<JsonElement> Pages, long Version)
{
    public IEnumerable<JsonElement> Wallets => Pages.SelectMany(page => page.GetProperty("wallets").EnumerateArray());

    public IEnumerable<string> Blocked => Pages.SelectMany(page => page.GetProperty("blocked").EnumerateArray()).Select(id => id.GetString()!);

    public IEnumerable<string> WalletIds => Wallets.Select(wallet => wallet.GetProperty("walletId").GetString()!);

    /// <summary>The wallet's newest view in this read (a wallet that changed between pages shows twice).</summary>
    public JsonElement? Wallet(string walletId) =>
        Wallets.Where(wallet => wallet.GetProperty("walletId").GetString() == walletId).Select(wallet => (JsonElement?)wallet).LastOrDefault();
}
