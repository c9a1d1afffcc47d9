using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using static FestivalPos.Grains.Interfaces.LedgerLimits;
using WalletDecision = FestivalPos.Grains.EventSourcing.Decision<FestivalPos.Grains.Wallets.WalletEvent, FestivalPos.Grains.Interfaces.Wallets.ChargeResult>;

namespace FestivalPos.Grains.Wallets;

/// <summary>The ledger rules of a wallet, as pure decisions on its state.</summary>
public static class WalletRules
{
    public static string TxId(string deviceId, long seq) => Wire.TxId.Format(deviceId, seq);

    /// <summary>
    /// The recorded answer to a charge id, or null if the id is new. The same terms get the recorded answer;
    /// other terms are a conflict that names the first field that differs.
    /// </summary>
    public static ChargeResult? Recorded(WalletState state, string txId, ChargeTerms terms)
    {
        if (!state.Charges.TryGetValue(txId, out var recorded))
        {
            return null;
        }

        return recorded.Terms.FirstDifference(terms) is { } field
            ? new ChargeResult(txId, ChargeOutcome.Conflict, null, state.Balance, Duplicate: false, field)
            : new ChargeResult(txId, recorded.Outcome, recorded.Reason, recorded.Balance, Duplicate: true);
    }

    /// <summary>Decides a new online charge. Reasons are checked in the order API.md gives; a SUN read older than one that paid is a bad credential.</summary>
    public static WalletDecision DecideOnline(WalletState state, OnlineCharge charge, ChargeTerms terms, CredentialCheck credential, DateTimeOffset now)
    {
        var txId = TxId(charge.DeviceId, charge.Seq);
        var reason = !credential.Valid || credential.QrTokenId is { } token && state.UsedQrTokens.Contains(token)
            || credential.SunRead is { } read && !state.UsedSunReads.IsNewest(read) ? DeclineReason.BadCredential
            : state.Status == WalletStatus.Blocked ? DeclineReason.WalletBlocked
            : state.Overdrawn ? DeclineReason.WalletFlagged
            : state.Balance < charge.Amount ? DeclineReason.InsufficientFunds
            : (DeclineReason?)null;
        if (reason is { } declined)
        {
            var wrongPin = declined == DeclineReason.BadCredential && charge.Credential.Type == Interfaces.CredentialType.Pin && !state.PinLocked;
            return new([new ChargeDeclined(txId, charge.DeviceId, charge.Seq, charge.Amount, terms.Fingerprint, charge.CreatedAt, declined, wrongPin, state.Balance, now)],
                new ChargeResult(txId, ChargeOutcome.Declined, declined, state.Balance, Duplicate: false));
        }

        var balanceAfter = state.Balance - charge.Amount;
        return new([new ChargeApproved(txId, charge.DeviceId, charge.Seq, charge.Amount, terms.Fingerprint, charge.CreatedAt, Offline: false, balanceAfter, now, credential.QrTokenId, credential.SunRead, charge.Lines)],
            new ChargeResult(txId, ChargeOutcome.Approved, null, balanceAfter, Duplicate: false));
    }

    /// <summary>
    /// Decides signed offline charges of one device in seq order (API.md 1.1). The goods are gone, so a charge
    /// that passes the checks is applied whatever the balance or block; a repeat of an applied id answers
    /// duplicate, a reused id with other terms is a conflict, an id declined online is settled now. A charge
    /// whose seq storage has bound to other terms (<paramref name="boundElsewhere"/>) is a conflict too.
    /// </summary>
    public static EventSourcing.Decision<WalletEvent, OfflineChargeResult[]> DecideOffline(
        WalletState state, string walletId, OfflineCharge[] charges, CredentialCheck[] credentials, IReadOnlyDictionary<long, ChargeTerms> boundElsewhere, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return EventSourcing.Decision<WalletEvent, OfflineChargeResult[]>.Answer(
                [.. charges.Select(c => Rejected(c.Seq, OfflineRejectReason.UnknownWallet, 0))]);
        }

        var offline = new OfflineTally(state);
        var events = new List<WalletEvent>();
        var results = new OfflineChargeResult[charges.Length];
        for (var i = 0; i < charges.Length; i++)
        {
            var charge = charges[i];
            var txId = TxId(charge.DeviceId, charge.Seq);
            var terms = charge.Terms(walletId);
            var recorded = offline.Recorded(txId) ?? (boundElsewhere.TryGetValue(charge.Seq, out var bound) ? bound : null);
            if (charge.Settlement == OfflineSettlement.BoundElsewhere || recorded?.FirstDifference(terms) is not null)
            {
                results[i] = Rejected(charge.Seq, OfflineRejectReason.Conflict, offline.Balance);
            }
            else if (offline.IsApproved(txId, out var appliedOffline))
            {
                results[i] = new OfflineChargeResult(charge.Seq, OfflineStatus.Duplicate, null, offline.Balance, appliedOffline);
            }
            else if (OfflineRefusal(offline, charge, credentials[i]) is { } refusal)
            {
                results[i] = Rejected(charge.Seq, refusal, offline.Balance);
            }
            else
            {
                var approved = new ChargeApproved(txId, charge.DeviceId, charge.Seq, charge.Amount, terms.Fingerprint, charge.CreatedAt, Offline: true,
                    offline.Balance - charge.Amount, now, credentials[i].QrTokenId ?? charge.QrTokenId, credentials[i].SunRead, charge.Lines);
                offline.Apply(approved, terms);
                events.Add(approved);
                results[i] = new OfflineChargeResult(charge.Seq, OfflineStatus.Applied, null, offline.Balance, AppliedOffline: true);
            }
        }

        return new(events, results);
    }

    /// <summary>Checks 5 to 7 of API.md 1.1, in order (a SUN read that paid before proves nothing); an organizer's approval overrules them all.</summary>
    private static OfflineRejectReason? OfflineRefusal(OfflineTally offline, OfflineCharge charge, CredentialCheck credential) =>
        charge.Settlement == OfflineSettlement.ApprovedInReview ? null
        : !credential.Valid || credential.SunRead is { } read && offline.SunReadUsed(read) ? OfflineRejectReason.BadCredential
        : credential.QrTokenId is { } token && offline.TokenUsed(token) ? OfflineRejectReason.CredentialReused
        : charge.Settlement == OfflineSettlement.OverDeviceLimit || offline.ByDevice(charge.DeviceId) + charge.Amount > charge.MaxPerDeviceWallet ? OfflineRejectReason.OverLimit
        : null;

    private static OfflineChargeResult Rejected(long seq, OfflineRejectReason reason, long balance) => new(seq, OfflineStatus.Rejected, reason, balance);

    /// <summary>A top-up credits once per topupId, within the festival's caps; a repeat answers duplicate even if the caps changed since.</summary>
    public static EventSourcing.Decision<WalletEvent, TopUpResult> DecideTopUp(WalletState state, TopUpRequest request, WalletLimitsOptions limits, DateTimeOffset now)
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

        if (limits.Refusal(state.Balance, request.Amount) is { } refusal)
        {
            return new([], new TopUpResult(request.TopUpId, refusal, state.Balance, limits.LimitOf(refusal)));
        }

        var balanceAfter = state.Balance + request.Amount;
        return new([new TopUpApplied(request.TopUpId, request.Amount, balanceAfter, now)],
            new TopUpResult(request.TopUpId, TopUpOutcome.Applied, balanceAfter));
    }

    /// <summary>
    /// A refund gives back at most what is left of an approved charge, once per refundId. A device refunds only its own
    /// sales, and only within <paramref name="deviceWindow"/> of the charge; a repeat of an applied refund answers
    /// duplicate even after that.
    /// </summary>
    public static EventSourcing.Decision<WalletEvent, RefundResult> DecideRefund(WalletState state, RefundRequest request, TimeSpan deviceWindow, DateTimeOffset now)
    {
        RefundResult Answer(RefundOutcome outcome, long left) => new(request.RefundId, outcome, state.Balance, left);

        if (request.DeviceId is { } device && (!Wire.TxId.TryParse(request.ChargeTxId, out var seller, out _) || seller != device))
        {
            return new([], Answer(RefundOutcome.OtherDevice, 0));
        }

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

        if (request.DeviceId is not null && now - charge.RecordedAt > deviceWindow)
        {
            return new([], Answer(RefundOutcome.WindowClosed, left));
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
        IsValidId(charge.DeviceId) && charge.Seq >= 1 && IsValidAmount(charge.Amount) && IsValidCreatedAt(charge.CreatedAt)
        && charge.CredentialDigest is { Length: > 0 } && charge.MaxPerDeviceWallet >= 0
        && (charge.Settlement == OfflineSettlement.ApprovedInReview || charge.CredentialValue is { Length: > 0 and <= MaxCredentialValueLength });

    public static bool IsValid(RefundRequest request) =>
        IsValidId(request.RefundId) && request.ChargeTxId is { Length: > 0 and <= 2 * MaxIdLength + 21 } && IsValidAmount(request.Amount);

    public static bool IsValid(TopUpRequest request) =>
        IsValidId(request.TopUpId) && IsValidId(request.WalletId) && IsValidAmount(request.Amount);

    private static bool IsValidCreatedAt(string? createdAt) => createdAt is { Length: > 0 and <= MaxCreatedAtLength };
}
