using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Holders;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Holders;

/// <summary>
/// One wallet's holder data. It asks the wallet (never the other way round, so the two cannot wait on each other):
/// whether it exists, and whether a cash-out still needs the data before an erasure.
/// </summary>
public sealed class WalletHolderGrain(HolderDataVault vault, TimeProvider time) : Grain, IWalletHolderGrain
{
    private string WalletId => this.GetPrimaryKeyString();

    private IWalletGrain Wallet => GrainFactory.Reference<IWalletGrain>(WalletId);

    public async Task<HolderResult> Set(HolderData data)
    {
        if (!LedgerLimits.IsValidId(WalletId) || !HolderDataRules.IsValid(data))
        {
            return new HolderResult(HolderOutcome.InvalidInput, null);
        }

        if (await Wallet.GetView() is null)
        {
            return new HolderResult(HolderOutcome.WalletNotFound, null);
        }

        // A pending payout may change where it goes, but not lose it.
        var normalized = HolderDataRules.Normalize(data);
        if (!normalized.HasPayoutDestination && await Wallet.GetCashOut() is { IsPending: true })
        {
            return new HolderResult(HolderOutcome.CashOutPending, null);
        }

        return new HolderResult(HolderOutcome.Done, await vault.WriteAsync(WalletId, normalized, time.GetUtcNow()));
    }

    public async Task<HolderResult> Get()
    {
        if (await Wallet.GetView() is null)
        {
            return new HolderResult(HolderOutcome.WalletNotFound, null);
        }

        return await vault.ReadAsync(WalletId) is { } record
            ? new HolderResult(HolderOutcome.Done, record)
            : new HolderResult(HolderOutcome.NoHolderData, null);
    }

    /// <summary>Erasing twice keeps the first tombstone's time.</summary>
    public async Task<HolderResult> Erase()
    {
        if (await Wallet.GetView() is null)
        {
            return new HolderResult(HolderOutcome.WalletNotFound, null);
        }

        var stored = await vault.ReadAsync(WalletId);
        if (stored is null)
        {
            return new HolderResult(HolderOutcome.NoHolderData, null);
        }

        if (stored.ErasedAt is not null)
        {
            return new HolderResult(HolderOutcome.Done, stored);
        }

        if (await Wallet.GetCashOut() is { IsPending: true })
        {
            return new HolderResult(HolderOutcome.CashOutPending, null);
        }

        return new HolderResult(HolderOutcome.Done, await vault.EraseAsync(WalletId, time.GetUtcNow()));
    }
}
