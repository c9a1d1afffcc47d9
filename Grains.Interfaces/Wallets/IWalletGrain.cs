namespace FestivalPos.Grains.Interfaces.Wallets;

/// <summary>
/// One attendee wallet: the single writer of its append-only ledger stream. Keyed by walletId.
/// </summary>
[Alias("FestivalPos.IWalletGrain")]
public interface IWalletGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<WalletCommandOutcome> Create();

    [Alias("LinkWristband")]
    Task<WalletCommandOutcome> LinkWristband(string uid);

    [Alias("SetPin")]
    Task<WalletCommandOutcome> SetPin(string pin);

    [Alias("Block")]
    Task<WalletCommandOutcome> Block();

    [Alias("Unblock")]
    Task<WalletCommandOutcome> Unblock();

    /// <summary>Credits the wallet; called by the top-up grain that owns the topupId.</summary>
    [Alias("ApplyTopUp")]
    Task<TopUps.TopUpResult> ApplyTopUp(TopUps.TopUpRequest request);

    [Alias("ChargeOnline")]
    Task<ChargeResult> ChargeOnline(OnlineCharge charge);

    /// <summary>Records signed offline charges of one device, in the given (seq) order.</summary>
    [Alias("ApplyOffline")]
    Task<OfflineChargeResult[]> ApplyOffline(OfflineCharge[] charges);

    [Alias("Refund")]
    Task<RefundResult> Refund(RefundRequest request);

    /// <summary>What <see cref="Refund"/> would answer now, recording nothing.</summary>
    [Alias("CheckRefund")]
    Task<RefundResult> CheckRefund(RefundRequest request);

    /// <summary>A new code for the attendee's own page, replacing the one before; null for an unknown wallet.</summary>
    [Alias("IssueAttendeeCode")]
    Task<string?> IssueAttendeeCode();

    /// <summary>The version the code was set at when <paramref name="code"/> is the wallet's attendee code; otherwise null.</summary>
    [Alias("CheckAttendeeCode")]
    Task<long?> CheckAttendeeCode(string code);

    /// <summary>The version the current attendee code was set at, or null when none was issued.</summary>
    [Alias("GetAttendeeCodeVersion")]
    Task<long?> GetAttendeeCodeVersion();

    /// <summary>Records a request to pay out the leftover balance, if the window, holder data, balance and status allow it.</summary>
    [Alias("RequestCashOut")]
    Task<CashOut.CashOutResult> RequestCashOut();

    /// <summary>Withdraws the cash-out request while no payout has debited the wallet; the wallet may ask again after it.</summary>
    [Alias("WithdrawCashOut")]
    Task<CashOut.CashOutWithdrawalOutcome> WithdrawCashOut();

    /// <summary>Debits what the wallet holds by the payout's own entry, once per wallet; a repeat of the same payout answers duplicate.</summary>
    [Alias("PayOut")]
    Task<CashOut.PayoutResult> PayOut(string payoutId);

    /// <summary>Records that the provider made the payout's transfer; idempotent.</summary>
    [Alias("ConfirmPayout")]
    Task<bool> ConfirmPayout(string payoutId);

    [Alias("GetCashOut")]
    Task<CashOut.CashOutView?> GetCashOut();

    /// <summary>The uids of the wristbands linked to the wallet.</summary>
    [Alias("GetWristbands")]
    Task<string[]?> GetWristbands();

    [Alias("GetView")]
    Task<WalletView?> GetView();

    [Alias("GetHistory")]
    Task<HistoryPage?> GetHistory(long after, int limit);

    /// <summary>Re-reads the stored stream and checks its hash chain and its balances.</summary>
    [Alias("VerifyChain")]
    Task<ChainVerification> VerifyChain();
}
