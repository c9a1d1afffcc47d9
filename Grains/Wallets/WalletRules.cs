using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using static FestivalPos.Grains.Interfaces.LedgerLimits;
using WalletDecision = FestivalPos.Grains.EventSourcing.Decision<FestivalPos.Grains.Wallets.WalletEvent, FestivalPos.Grains.Interfaces.Wallets.ChargeResult>;

namespace FestivalPos.Grains.Wallets;

/// <summary>The ledger rules of a wallet, as pure decisions on its state.</summary>
public static class WalletRules
{
    /// <summary>What identifies the content of a charge, so that a repeat can be told from a conflicting reuse of its id.</summary>
    public static string Fingerprint(string walletId, long amount, string createdAt, Interfaces.CredentialType credentialType) =>
        $"{walletId}|{amount}|{createdAt}|{credentialType}";

    public static string TxId(string deviceId, long seq) => $"{deviceId}:{seq}";

    /// <summary>The recorded answer to a charge id, or null if the id is new.</summary>
    public static ChargeResult? Recorded(WalletState state, string txId, string fingerprint)
    {
        if (!state.Charges.TryGetValue(txId, out var recorded))
        {
            return null;
        }

        return recorded.Fingerprint == fingerprint
            ? new ChargeResult(txId, recorded.Outcome, recorded.Reason, recorded.Balance, Duplicate: true)
            : new ChargeResult(txId, ChargeOutcome.Conflict, null, state.Balance, Duplicate: false);
    }

    /// <summary>Decides a new online charge. Reasons are checked in the order API.md gives.</summary>
    public static WalletDecision DecideOnline(WalletState state, OnlineCharge charge, string fingerprint, bool credentialValid, DateTimeOffset now)
    {
        var txId = TxId(charge.DeviceId, charge.Seq);
        var reason = !credentialValid ? DeclineReason.BadCredential
            : state.Status == WalletStatus.Blocked ? DeclineReason.WalletBlocked
            : state.Overdrawn ? DeclineReason.WalletFlagged
            : state.Balance < charge.Amount ? DeclineReason.InsufficientFunds
            : (DeclineReason?)null;
        if (reason is { } declined)
        {
            var wrongPin = declined == DeclineReason.BadCredential && charge.Credential.Type == Interfaces.CredentialType.Pin && !state.PinLocked;
            return new([new ChargeDeclined(txId, charge.DeviceId, charge.Seq, charge.Amount, fingerprint, charge.CreatedAt, declined, wrongPin, state.Balance, now)],
                new ChargeResult(txId, ChargeOutcome.Declined, declined, state.Balance, Duplicate: false));
        }

        var balanceAfter = state.Balance - charge.Amount;
        return new([new ChargeApproved(txId, charge.DeviceId, charge.Seq, charge.Amount, fingerprint, charge.CreatedAt, Offline: false, balanceAfter, now)],
            new ChargeResult(txId, ChargeOutcome.Approved, null, balanceAfter, Duplicate: false));
    }

    /// <summary>
    /// Decides signed offline charges in order: the goods are gone, so each new one is applied
    /// whatever the balance or block; repeats answer duplicate, reused ids with other content conflict.
    /// </summary>
    public static EventSourcing.Decision<WalletEvent, OfflineChargeResult[]> DecideOffline(WalletState state, string walletId, OfflineCharge[] charges, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return EventSourcing.Decision<WalletEvent, OfflineChargeResult[]>.Answer(
                [.. charges.Select(c => new OfflineChargeResult(c.Seq, OfflineStatus.Rejected, OfflineRejectReason.UnknownWallet, 0))]);
        }

        var events = new List<WalletEvent>();
        var results = new List<OfflineChargeResult>();
        var balance = state.Balance;
        var decidedNow = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var charge in charges)
        {
            var txId = TxId(charge.DeviceId, charge.Seq);
            var fingerprint = Fingerprint(walletId, charge.Amount, charge.CreatedAt, charge.CredentialType);
            var earlier = state.Charges.TryGetValue(txId, out var recorded) ? recorded.Fingerprint
                : decidedNow.GetValueOrDefault(txId);
            if (earlier is not null)
            {
                results.Add(earlier == fingerprint
                    ? new OfflineChargeResult(charge.Seq, OfflineStatus.Duplicate, null, balance)
                    : new OfflineChargeResult(charge.Seq, OfflineStatus.Rejected, OfflineRejectReason.Conflict, balance));
                continue;
            }

            balance -= charge.Amount;
            decidedNow[txId] = fingerprint;
            events.Add(new ChargeApproved(txId, charge.DeviceId, charge.Seq, charge.Amount, fingerprint, charge.CreatedAt, Offline: true, balance, now));
            results.Add(new OfflineChargeResult(charge.Seq, OfflineStatus.Applied, null, balance));
        }

        return new(events, [.. results]);
    }

    public static EventSourcing.Decision<WalletEvent, TopUpResult> DecideTopUp(WalletState state, TopUpRequest request, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return new([], new TopUpResult(request.TopUpId, TopUpOutcome.WalletNotFound, 0));
        }

        if (state.TopUps.TryGetValue(request.TopUpId, out var amount))
        {
            var outcome = amount == request.Amount ? TopUpOutcome.Duplicate : TopUpOutcome.Conflict;
            return new([], new TopUpResult(request.TopUpId, outcome, state.Balance));
        }

        var balanceAfter = state.Balance + request.Amount;
        return new([new TopUpApplied(request.TopUpId, request.Amount, balanceAfter, now)],
            new TopUpResult(request.TopUpId, TopUpOutcome.Applied, balanceAfter));
    }

    /// <summary>A refund gives back at most what is left of an approved charge.</summary>
    public static EventSourcing.Decision<WalletEvent, RefundResult> DecideRefund(WalletState state, RefundRequest request, DateTimeOffset now)
    {
        RefundResult Answer(RefundOutcome outcome, long left) => new(request.RefundId, outcome, state.Balance, left);

        if (!state.Exists)
        {
            return new([], Answer(RefundOutcome.WalletNotFound, 0));
        }

        if (!state.Charges.TryGetValue(request.ChargeTxId, out var charge) || charge.Outcome != ChargeOutcome.Approved)
        {
            return new([], Answer(RefundOutcome.ChargeNotFound, 0));
        }

        var left = charge.Amount - charge.Refunded;
        if (state.Refunds.TryGetValue(request.RefundId, out var earlier))
        {
            var same = earlier.ChargeTxId == request.ChargeTxId && earlier.Amount == request.Amount;
            return new([], Answer(same ? RefundOutcome.Duplicate : RefundOutcome.Conflict, left));
        }

        if (request.Amount > left)
        {
            return new([], Answer(RefundOutcome.ExceedsCharge, left));
        }

        var balanceAfter = state.Balance + request.Amount;
        return new([new RefundApplied(request.RefundId, request.ChargeTxId, request.Amount, balanceAfter, now)],
            new RefundResult(request.RefundId, RefundOutcome.Applied, balanceAfter, left - request.Amount));
    }

    public static bool IsValid(OnlineCharge charge) =>
        IsValidId(charge.DeviceId) && IsValidId(charge.WalletId) && charge.Seq >= 1 && IsValidAmount(charge.Amount)
        && IsValidCreatedAt(charge.CreatedAt) && charge.Credential is { Value.Length: > 0 and <= MaxCredentialValueLength };

    public static bool IsValid(OfflineCharge charge) =>
        IsValidId(charge.DeviceId) && charge.Seq >= 1 && IsValidAmount(charge.Amount) && IsValidCreatedAt(charge.CreatedAt);

    public static bool IsValid(RefundRequest request) =>
        IsValidId(request.RefundId) && request.ChargeTxId is { Length: > 0 and <= 2 * MaxIdLength + 21 } && IsValidAmount(request.Amount);

    public static bool IsValid(TopUpRequest request) =>
        IsValidId(request.TopUpId) && IsValidId(request.WalletId) && IsValidAmount(request.Amount);

    private static bool IsValidCreatedAt(string? createdAt) => createdAt is { Length: > 0 and <= MaxCreatedAtLength };
}
