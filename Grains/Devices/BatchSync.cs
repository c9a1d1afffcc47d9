using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// Settles one offline batch of a device: answers seqs already decided from the device's record,
/// rejects what is unsigned or from a revoked device, and sends the rest to their wallets, all
/// wallets at once, each wallet's charges in seq order.
/// </summary>
public sealed class BatchSync(string deviceId, DeviceState device, OfflineTransaction[] transactions)
{
    private readonly Dictionary<string, List<int>> _byWallet = new(StringComparer.Ordinal);
    private readonly List<(int Index, int FirstIndex)> _repeats = [];
    private readonly string[] _fingerprints = new string[transactions.Length];
    private readonly List<DecidedSeq> _newDecisions = [];

    public OfflineChargeResult[] Results { get; } = new OfflineChargeResult[transactions.Length];

    public IReadOnlyList<DecidedSeq> NewDecisions => _newDecisions;

    /// <summary>Settles the batch; answers how many transactions could not reach their wallet.</summary>
    public async Task<int> ApplyAsync(Func<string, IWalletGrain> wallets)
    {
        Sort();
        var calls = _byWallet.Select(pair => ApplyToWalletAsync(wallets(pair.Key), pair.Value)).ToArray();
        var failed = (await Task.WhenAll(calls)).Sum();
        foreach (var (index, firstIndex) in _repeats)
        {
            Results[index] = RepeatOf(index, firstIndex);
        }

        return failed;
    }

    private void Sort()
    {
        var firstIndexBySeq = new Dictionary<long, int>();
        using var signature = new OfflineSignature(device.SigningKey, deviceId);
        foreach (var index in Enumerable.Range(0, transactions.Length).OrderBy(i => transactions[i].Seq))
        {
            var transaction = transactions[index];
            if (!IsValid(transaction))
            {
                Results[index] = Rejected(transaction.Seq, OfflineRejectReason.InvalidInput);
                continue;
            }

            _fingerprints[index] = WalletRules.Fingerprint(transaction.WalletId, transaction.Amount, transaction.CreatedAt, transaction.Credential.Type);
            if (!firstIndexBySeq.TryAdd(transaction.Seq, index))
            {
                _repeats.Add((index, firstIndexBySeq[transaction.Seq]));
            }
            else if (device.Decided.TryGetValue(transaction.Seq, out var decided))
            {
                Results[index] = FromRecord(decided, _fingerprints[index]);
            }
            else if (device.Revoked || !signature.IsValid(transaction))
            {
                Reject(index, device.Revoked ? OfflineRejectReason.DeviceRevoked : OfflineRejectReason.BadSignature);
            }
            else
            {
                AddToWallet(transaction.WalletId, index);
            }
        }
    }

    private async Task<int> ApplyToWalletAsync(IWalletGrain wallet, List<int> indexes)
    {
        OfflineChargeResult[] results;
        try
        {
            results = await wallet.ApplyOffline([.. indexes.Select(ToCharge)]);
        }
        catch (Exception) when (indexes.Count > 0)
        {
            return indexes.Count;
        }

        for (var i = 0; i < indexes.Count; i++)
        {
            Settle(indexes[i], results[i]);
        }

        return 0;
    }

    private void Settle(int index, OfflineChargeResult result)
    {
        Results[index] = result;
        if (result.Status is OfflineStatus.Applied or OfflineStatus.Duplicate)
        {
            _newDecisions.Add(Decision(index, SeqOutcome.Applied, null));
        }
        else if (result.Reason == OfflineRejectReason.UnknownWallet)
        {
            _newDecisions.Add(Decision(index, SeqOutcome.Rejected, result.Reason));
        }
    }

    private void Reject(int index, OfflineRejectReason reason)
    {
        Results[index] = Rejected(transactions[index].Seq, reason);
        _newDecisions.Add(Decision(index, SeqOutcome.Rejected, reason));
    }

    private OfflineChargeResult RepeatOf(int index, int firstIndex)
    {
        var seq = transactions[index].Seq;
        var first = Results[firstIndex];
        if (_fingerprints[index] != _fingerprints[firstIndex])
        {
            return Rejected(seq, OfflineRejectReason.Conflict);
        }

        return first.Status == OfflineStatus.Rejected ? first with { Seq = seq } : new OfflineChargeResult(seq, OfflineStatus.Duplicate, null, first.Balance);
    }

    private static OfflineChargeResult FromRecord(DecidedSeq decided, string fingerprint) =>
        decided.Fingerprint != fingerprint ? Rejected(decided.Seq, OfflineRejectReason.Conflict)
        : decided.Outcome switch
        {
            SeqOutcome.Rejected => Rejected(decided.Seq, decided.Reason!.Value),
            SeqOutcome.WalletNotFound => Rejected(decided.Seq, OfflineRejectReason.UnknownWallet),
            _ => new OfflineChargeResult(decided.Seq, OfflineStatus.Duplicate, null, 0),
        };

    private DecidedSeq Decision(int index, SeqOutcome outcome, OfflineRejectReason? reason)
    {
        var transaction = transactions[index];
        return new DecidedSeq(transaction.Seq, transaction.WalletId, _fingerprints[index], outcome, reason, transaction.Amount, transaction.CreatedAt);
    }

    private OfflineCharge ToCharge(int index)
    {
        var transaction = transactions[index];
        return new OfflineCharge(deviceId, transaction.Seq, transaction.Amount, transaction.CreatedAt, transaction.Credential.Type);
    }

    private void AddToWallet(string walletId, int index)
    {
        if (!_byWallet.TryGetValue(walletId, out var indexes))
        {
            _byWallet[walletId] = indexes = [];
        }

        indexes.Add(index);
    }

    private static OfflineChargeResult Rejected(long seq, OfflineRejectReason reason) => new(seq, OfflineStatus.Rejected, reason, 0);

    private static bool IsValid(OfflineTransaction transaction) =>
        transaction.Seq >= 1 && LedgerLimits.IsValidId(transaction.WalletId) && LedgerLimits.IsValidAmount(transaction.Amount)
        && transaction.CreatedAt is { Length: > 0 and <= LedgerLimits.MaxCreatedAtLength }
        && transaction.Credential is not null && transaction.Signature is not null;
}
