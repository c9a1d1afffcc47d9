using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Grains.Wallets;

/// <summary>A charge the wallet decided, kept so that a repeat gets the recorded answer.</summary>
public sealed record RecordedCharge(ChargeTerms Terms, ChargeOutcome Outcome, DeclineReason? Reason, long Amount, long Balance, bool Offline, DateTimeOffset RecordedAt)
{
    public long Refunded { get; set; }
}

public sealed record RecordedRefund(string ChargeTxId, long Amount);

/// <summary>
/// A wallet folded from its events. The balance is derived from the entries; each money event also
/// carries the balance its writer computed, and the fold checks the two agree.
/// </summary>
public sealed class WalletState : IStreamState<WalletEvent>
{
    private readonly List<WalletEntry> _entries = [];

    public bool Exists { get; private set; }

    public WalletStatus Status { get; private set; }

    public long Balance { get; private set; }

    public bool Overdrawn { get; private set; }

    public bool SpentWhileBlocked { get; private set; }

    public HashSet<string> Wristbands { get; } = new(StringComparer.Ordinal);

    public PinVerifier? Pin { get; private set; }

    /// <summary>The hash of the code the attendee signs in to their own page with, if one was issued.</summary>
    public PinVerifier? AttendeeCode { get; private set; }

    /// <summary>The wallet version the attendee code was set at: a session signed in with an older code is over.</summary>
    public long? AttendeeCodeVersion { get; private set; }

    public int WrongPins { get; private set; }

    public bool PinLocked => WrongPins >= Interfaces.LedgerLimits.MaxPinFailures;

    public Dictionary<string, RecordedCharge> Charges { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> TopUps { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RecordedRefund> Refunds { get; } = new(StringComparer.Ordinal);

    /// <summary>QR tokens that paid for a charge: each pays once.</summary>
    public HashSet<string> UsedQrTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>SUN wristband reads that paid for a charge: each pays once.</summary>
    public UsedSunReads UsedSunReads { get; } = new();

    /// <summary>What each device charged offline to this wallet, for <c>Offline:MaxPerDeviceWallet</c>.</summary>
    public Dictionary<string, long> OfflineByDevice { get; } = new(StringComparer.Ordinal);

    /// <summary>The cash-out request and its payout, once asked for.</summary>
    public Interfaces.CashOut.CashOutView? CashOut { get; private set; }

    public IReadOnlyList<WalletEntry> Entries => _entries;

    public WalletFlag[] Flags =>
    [
        .. Overdrawn ? [WalletFlag.Overdrawn] : Array.Empty<WalletFlag>(),
        .. SpentWhileBlocked ? [WalletFlag.SpentWhileBlocked] : Array.Empty<WalletFlag>(),
    ];

    public void Apply(WalletEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case WalletCreated:
                Exists = true;
                break;
            case WristbandLinked linked:
                Wristbands.Add(linked.Uid);
                break;
            case PinSet pinSet:
                Pin = pinSet.Verifier;
                WrongPins = 0;
                break;
            case AttendeeCodeSet code:
                AttendeeCode = code.Verifier;
                AttendeeCodeVersion = version;
                break;
            case WalletBlocked:
                Status = WalletStatus.Blocked;
                break;
            case WalletUnblocked:
                Status = WalletStatus.Active;
                SpentWhileBlocked = false;
                break;
            case TopUpApplied topUp:
                TopUps[topUp.TopUpId] = topUp.Amount;
                Credit(topUp.Amount, topUp.BalanceAfter, version);
                AddEntry(new WalletEntry(version, EntryKind.TopUp, topUp.Amount, Balance, topUp.TopUpId, null, null, null, topUp.RecordedAt, hash));
                break;
            case ChargeApproved charge:
                ApplyCharge(charge, version, hash);
                break;
            case ChargeDeclined declined:
                Charges[declined.TxId] = new RecordedCharge(ChargeTerms.Parse(declined.Fingerprint), ChargeOutcome.Declined, declined.Reason, declined.Amount, declined.Balance, Offline: false, declined.RecordedAt);
                WrongPins += declined.WrongPin ? 1 : 0;
                break;
            case RefundApplied refund:
                Refunds[refund.RefundId] = new RecordedRefund(refund.ChargeTxId, refund.Amount);
                Charges[refund.ChargeTxId].Refunded += refund.Amount;
                Credit(refund.Amount, refund.BalanceAfter, version);
                AddEntry(new WalletEntry(version, EntryKind.Refund, refund.Amount, Balance, refund.RefundId, null, null, null, refund.RecordedAt, hash));
                break;
            case CashOutRequested requested:
                CashOut = new Interfaces.CashOut.CashOutView(requested.RecordedAt, requested.Fee, null, 0, null, null);
                break;
            case CashedOut cashedOut:
                ApplyCashedOut(cashedOut, version, hash);
                break;
            case PayoutConfirmed confirmed:
                CashOut = CashOut! with { ConfirmedAt = confirmed.RecordedAt };
                break;
            case CashOutWithdrawn:
                CashOut = null;
                break;
            default:
                throw new InvalidOperationException($"Unknown wallet event {@event.GetType().Name}.");
        }
    }

    private void ApplyCharge(ChargeApproved charge, long version, string hash)
    {
        Balance -= charge.Amount;
        CheckBalance(charge.BalanceAfter, version);
        Overdrawn |= Balance < 0;
        SpentWhileBlocked |= charge.Offline && Status == WalletStatus.Blocked;
        Charges[charge.TxId] = new RecordedCharge(ChargeTerms.Parse(charge.Fingerprint), ChargeOutcome.Approved, null, charge.Amount, Balance, charge.Offline, charge.RecordedAt);
        if (charge.QrTokenId is { } token)
        {
            UsedQrTokens.Add(token);
        }

        if (charge.SunRead is { } read)
        {
            UsedSunReads.Add(read);
        }

        if (charge.Offline)
        {
            OfflineByDevice[charge.DeviceId] = OfflineByDevice.GetValueOrDefault(charge.DeviceId) + charge.Amount;
        }

        AddEntry(new WalletEntry(version, EntryKind.Charge, -charge.Amount, Balance, charge.TxId, charge.DeviceId, charge.Seq, charge.CreatedAt, charge.RecordedAt, hash));
    }

    private void ApplyCashedOut(CashedOut cashedOut, long version, string hash)
    {
        Balance -= cashedOut.Amount;
        CheckBalance(cashedOut.BalanceAfter, version);
        CashOut = (CashOut ?? throw new InvalidOperationException($"Event {version} pays out a wallet that asked for no cash-out."))
            with { PayoutId = cashedOut.PayoutId, Paid = cashedOut.Amount - cashedOut.Fee, PaidAt = cashedOut.RecordedAt };
        AddEntry(new WalletEntry(version, EntryKind.Adjustment, -cashedOut.Amount, Balance, cashedOut.PayoutId, null, null, null, cashedOut.RecordedAt, hash));
    }

    private void Credit(long amount, long balanceAfter, long version)
    {
        Balance += amount;
        CheckBalance(balanceAfter, version);
        Overdrawn &= Balance < 0;
    }

    private void CheckBalance(long recordedBalance, long version)
    {
        if (recordedBalance != Balance)
        {
            throw new InvalidOperationException(
                $"Event {version} records balance {recordedBalance}, the entries add up to {Balance}.");
        }
    }

    private void AddEntry(WalletEntry entry) => _entries.Add(entry);
}
