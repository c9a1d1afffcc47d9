using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.CashOut;

namespace FestivalPos.Grains.CashOut;

/// <summary>A payout batch as the desk keeps it: its wallets, and once settled, what each payout did.</summary>
public sealed class PayoutBatch(string batchId, string[] walletIds, DateTimeOffset createdAt)
{
    public string BatchId { get; } = batchId;

    public string[] WalletIds { get; } = walletIds;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public SettledPayout[]? Payouts { get; set; }

    public Dictionary<string, DateTimeOffset> Confirmed { get; } = new(StringComparer.Ordinal);
}

/// <summary>The desk folded from its events: the open requests, oldest first, and the batches by id.</summary>
public sealed class CashOutDeskState : IStreamState<CashOutDeskEvent>
{
    private readonly List<string> _open = [];
    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);

    /// <summary>Wallets whose request is queued or in a batch not yet settled.</summary>
    public bool IsWaiting(string walletId) => _waiting.Contains(walletId);

    /// <summary>The open requests no batch holds, oldest first.</summary>
    public IReadOnlyList<string> Open => _open;

    /// <summary>The wallet's request waits for a batch (none holds it now).</summary>
    public bool IsOpen(string walletId) => _waiting.Contains(walletId) && _open.Contains(walletId);

    /// <summary>A batch took the wallet's request and has not recorded what its payout did yet.</summary>
    public bool IsInBatch(string walletId) => _waiting.Contains(walletId) && !_open.Contains(walletId);

    public Dictionary<string, PayoutBatch> Batches { get; } = new(StringComparer.Ordinal);

    public void Apply(CashOutDeskEvent @event, long version, string hash)
    {
        switch (@event)
        {
            case CashOutQueued queued when _waiting.Add(queued.WalletId):
                _open.Add(queued.WalletId);
                break;
            case CashOutQueued:
                break;
            case PayoutBatchOpened opened:
                Batches[opened.BatchId] = new PayoutBatch(opened.BatchId, opened.WalletIds, opened.RecordedAt);
                var taken = opened.WalletIds.ToHashSet(StringComparer.Ordinal);
                _open.RemoveAll(taken.Contains);
                break;
            case PayoutBatchSettled settled:
                Settle(Batches[settled.BatchId], settled.Payouts);
                break;
            case CashOutWithdrawalRecorded withdrawn:
                _open.Remove(withdrawn.WalletId);
                _waiting.Remove(withdrawn.WalletId);
                break;
            case PayoutConfirmationRecorded confirmed when PayoutIds.TryParse(confirmed.PayoutId, out var batchId, out var walletId):
                Batches[batchId].Confirmed[walletId] = confirmed.RecordedAt;
                break;
            default:
                throw new InvalidOperationException($"Unknown cash-out desk event {@event.GetType().Name} at version {version}.");
        }
    }

    /// <summary>A debited wallet leaves the desk; a skipped one is open again, behind the others.</summary>
    private void Settle(PayoutBatch batch, SettledPayout[] payouts)
    {
        batch.Payouts = payouts;
        foreach (var payout in payouts)
        {
            if (IsSkipped(payout.Outcome))
            {
                _open.Add(payout.WalletId);
            }
            else
            {
                _waiting.Remove(payout.WalletId);
            }
        }
    }

    /// <summary>Nothing moved, but the request stands: a later batch tries again.</summary>
    public static bool IsSkipped(PayoutOutcome outcome) =>
        outcome is PayoutOutcome.Overdrawn or PayoutOutcome.BalanceTooLow or PayoutOutcome.WalletBlocked;
}
