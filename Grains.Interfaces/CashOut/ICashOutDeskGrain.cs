namespace FestivalPos.Grains.Interfaces.CashOut;

/// <summary>
/// The festival's cash-out desk: keeps the open requests, and makes payout batches from them one at a time, so a
/// wallet is in one batch at a time; the wallet itself makes sure it is paid out once. Keyed by <see cref="Key"/>.
/// </summary>
[Alias("FestivalPos.ICashOutDeskGrain")]
public interface ICashOutDeskGrain : IGrainWithStringKey
{
    public const string Key = "festival";

    /// <summary>A cash-out request for the wallet: the wallet decides (window, holder data, balance, block), the desk queues it.</summary>
    [Alias("Request")]
    Task<CashOutResult> Request(string walletId);

    /// <summary>
    /// Withdraws the wallet's request while no batch holds it: the wallet records the withdrawal (it refuses once paid
    /// out), then the desk drops the request, so no later batch takes it.
    /// </summary>
    [Alias("Withdraw")]
    Task<CashOutWithdrawalOutcome> Withdraw(string walletId);

    /// <summary>Pays out every open request (up to <c>CashOut:MaxBatchSize</c>) under <paramref name="batchId"/>; the same id again answers the same batch.</summary>
    [Alias("OpenBatch")]
    Task<PayoutBatchResult> OpenBatch(string batchId);

    [Alias("GetBatch")]
    Task<PayoutBatchView?> GetBatch(string batchId);

    /// <summary>Where each debited payout of the batch goes, from the holder data as it is now.</summary>
    [Alias("GetDestinations")]
    Task<PayoutDestination[]> GetDestinations(string batchId);

    [Alias("Confirm")]
    Task<PayoutConfirmOutcome> Confirm(string payoutId);
}
