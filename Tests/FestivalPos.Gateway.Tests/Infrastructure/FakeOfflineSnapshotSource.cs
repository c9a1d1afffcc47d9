using FestivalPos.Gateway.Api.Snapshots;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// Stands in for the offline snapshot grain (built elsewhere): one active wallet with a PIN and one
/// blocked wallet; asking since <see cref="TimesOutSince"/> times out like an unreachable cluster.
/// </summary>
public sealed class FakeOfflineSnapshotSource : IOfflineSnapshotSource
{
    public const long TimesOutSince = 999_999;

    public (long Since, int Limit)? LastRequest { get; private set; }

    public Task<OfflineSnapshot> GetAsync(long since, int limit)
    {
        LastRequest = (since, limit);
        if (since == TimesOutSince)
        {
            throw new TimeoutException("Response did not arrive on time.");
        }

        var pin = new OfflinePinVerifier("c2FsdA==", "aGFzaA==", 600_000);
        return Task.FromResult(new OfflineSnapshot(
        [
            new WalletOfflineView("w-active", 1200, WalletStatus.Active, ["uid-1", "uid-2"], pin, false, 4, since + 1),
            new WalletOfflineView("w-blocked", -50, WalletStatus.Blocked, [], null, true, 9, since + 2),
        ], since + 2, More: false));
    }
}
