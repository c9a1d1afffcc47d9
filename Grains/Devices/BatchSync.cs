using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Wire;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// Settles one offline batch of a device (API.md 1.1). Checks 1 to 4 and repeats of seqs decided offline are
/// answered here; the rest go to their wallets (checks 3 to 7), all wallets at once and each wallet's charges in
/// seq order, or one by one in seq order when the device's hourly limit could bite, so that limit is exact.
/// </summary>
public sealed class BatchSync(string deviceId, byte[] signingKey, DeviceState device, OfflineLimitsOptions limits, OfflineTransaction[] transactions, DateTimeOffset now)
{
    private readonly ChargeTerms?[] _terms = new ChargeTerms?[transactions.Length];
    private readonly OfflineSettlement[] _settlement = new OfflineSettlement[transactions.Length];
    private readonly List<int> _forwarded = [];
    private readonly List<(int Index, int FirstIndex)> _repeats = [];
    private readonly List<DecidedSeq> _newDecisions = [];
    private readonly List<HeldTransaction> _held = [];
    private readonly List<long> _boundElsewhere = [];

    public OfflineChargeResult[] Results { get; } = new OfflineChargeResult[transactions.Length];

    public IReadOnlyList<DecidedSeq> NewDecisions => _newDecisions;

    /// <summary>Refusals to keep for review, in seq order (the review queue keeps a seq's first one).</summary>
    public HeldTransaction[] Held => [.. _held.OrderBy(held => held.Seq)];

    /// <summary>Seqs a wallet found bound to other terms that this device did not know of: it reads them back.</summary>
    public IReadOnlyList<long> BoundElsewhere => _boundElsewhere;

    /// <summary>Settles the batch; answers how many transactions could not reach their wallet.</summary>
    public async Task<int> ApplyAsync(Func<string, IWalletGrain> wallets)
    {
        Sort();
        var failed = HourlyLimitHolds() ? await ApplyByWalletAsync(wallets) : await ApplyInSeqOrderAsync(wallets);
        if (failed == 0)
        {
            foreach (var (index, firstIndex) in _repeats)
            {
                Results[index] = RepeatOf(index, firstIndex);
            }
        }

        return failed;
    }

    private void Sort()
    {
        var firstIndexBySeq = new Dictionary<long, int>();
        using var signature = new OfflineSignature(signingKey, deviceId);
        foreach (var index in Enumerable.Range(0, transactions.Length).OrderBy(i => transactions[i].Seq))
        {
            var transaction = transactions[index];
            if (!IsValid(transaction))
            {
                Results[index] = Rejected(transaction.Seq, OfflineRejectReason.InvalidInput);
                continue;
            }

            _terms[index] = ChargeTerms.Of(deviceId, transaction.Seq, transaction.WalletId, transaction.Amount, transaction.CreatedAt, transaction.Credential);
            if (!firstIndexBySeq.TryAdd(transaction.Seq, index))
            {
                _repeats.Add((index, firstIndexBySeq[transaction.Seq]));
                continue;
            }

            var decided = device.Decided.GetValueOrDefault(transaction.Seq);
            var credential = transaction.Credential;
            if (!signature.IsValid(transaction.Seq, transaction.WalletId, transaction.Amount, transaction.CreatedAt, credential.WireType, credential.Value, transaction.Signature))
            {
                Refuse(index, OfflineRejectReason.BadSignature, decided);
            }
            else if (device.Revoked)
            {
                Refuse(index, OfflineRejectReason.DeviceRevoked, decided);
            }
            else if (decided is null || decided.Outcome == SeqOutcome.Online && decided.WalletId == transaction.WalletId)
            {
                // New, or decided online by this wallet (a decline is settled offline now).
                Forward(index);
            }
            else if (decided.WalletId != transaction.WalletId)
            {
                // Bound to another wallet: the wallet named answers unknownWallet (check 3) before conflict (check 4).
                Forward(index, OfflineSettlement.BoundElsewhere);
            }
            else if (decided.Outcome == SeqOutcome.WalletNotFound)
            {
                Refuse(index, OfflineRejectReason.UnknownWallet, decided);
            }
            else if (decided.Terms.FirstDifference(_terms[index]!) is not null)
            {
                Refuse(index, OfflineRejectReason.Conflict, decided);
            }
            else
            {
                Repeat(index, decided);
            }
        }
    }

    /// <summary>A seq decided offline (or for an unknown wallet) with the same content gets its first answer again.</summary>
    private void Repeat(int index, DecidedSeq decided)
    {
        var seq = transactions[index].Seq;
        switch (decided.Outcome)
        {
            case SeqOutcome.Applied:
                Results[index] = new OfflineChargeResult(seq, OfflineStatus.Duplicate, null, 0, AppliedOffline: true);
                break;
            case SeqOutcome.Rejected:
                Results[index] = Rejected(seq, decided.Reason!.Value);
                break;
            default:
                throw new InvalidOperationException($"Seq {seq} has no offline answer to repeat ({decided.Outcome}).");
        }
    }

    private void Forward(int index, OfflineSettlement? settlement = null)
    {
        _settlement[index] = settlement ?? (OverDeviceLimit(transactions[index]) ? OfflineSettlement.OverDeviceLimit : OfflineSettlement.Check);
        _forwarded.Add(index);
    }

    /// <summary>The device's own limits of check 7: its per-wallet amount and its time window.</summary>
    private bool OverDeviceLimit(OfflineTransaction transaction) =>
        transaction.Amount > device.OfflineMaxPerWallet
        || !WireTime.TryParse(transaction.CreatedAt, out var createdAt)
        || createdAt < device.EnrolledAt - OfflineLimitsOptions.BeforeEnrollment
        || createdAt > now + OfflineLimitsOptions.AfterArrival;

    /// <summary>Whether every forwarded charge could be applied without passing the hourly limit, so the wallets may run at once.</summary>
    private bool HourlyLimitHolds() =>
        _forwarded.Where(i => _settlement[i] == OfflineSettlement.Check)
            .GroupBy(i => HourOf(transactions[i]))
            .All(hour => device.AppliedInHour(hour.Key) + hour.Sum(i => transactions[i].Amount) <= limits.MaxPerDeviceHour);

    private async Task<int> ApplyByWalletAsync(Func<string, IWalletGrain> wallets)
    {
        var calls = _forwarded.GroupBy(i => transactions[i].WalletId, StringComparer.Ordinal)
            .Select(wallet => ApplyToWalletAsync(wallets(wallet.Key), [.. wallet]));
        return (await Task.WhenAll(calls)).Sum();
    }

    private async Task<int> ApplyInSeqOrderAsync(Func<string, IWalletGrain> wallets)
    {
        var appliedNow = new Dictionary<long, long>();
        var failed = 0;
        foreach (var index in _forwarded)
        {
            var hour = HourOf(transactions[index]);
            if (_settlement[index] == OfflineSettlement.Check
                && device.AppliedInHour(hour) + appliedNow.GetValueOrDefault(hour) + transactions[index].Amount > limits.MaxPerDeviceHour)
            {
                _settlement[index] = OfflineSettlement.OverDeviceLimit;
            }

            failed += await ApplyToWalletAsync(wallets(transactions[index].WalletId), [index]);
            if (Results[index]?.Status == OfflineStatus.Applied)
            {
                appliedNow[hour] = appliedNow.GetValueOrDefault(hour) + transactions[index].Amount;
            }
        }

        return failed;
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
        var decided = device.Decided.GetValueOrDefault(result.Seq);
        if (result.Status == OfflineStatus.Applied || result.AppliedOffline && decided?.Outcome != SeqOutcome.Applied)
        {
            _newDecisions.Add(Decision(index, SeqOutcome.Applied, null));
        }
        else if (result is { Status: OfflineStatus.Rejected, Reason: { } reason } && reason != OfflineRejectReason.InvalidInput)
        {
            if (reason == OfflineRejectReason.Conflict && decided is null)
            {
                _boundElsewhere.Add(result.Seq);
            }

            Refuse(index, reason, decided, answered: true);
        }
    }

    /// <summary>
    /// Rejects a transaction and holds it for review. A refusal decides an undecided seq (a conflict never does);
    /// a seq its wallet decided online is decided again only by that wallet's own offline refusal (it had declined it).
    /// </summary>
    private void Refuse(int index, OfflineRejectReason reason, DecidedSeq? decided, bool answered = false)
    {
        var transaction = transactions[index];
        if (!answered)
        {
            Results[index] = Rejected(transaction.Seq, reason);
        }

        var decidesSeq = decided is null || answered && decided.Outcome == SeqOutcome.Online && decided.Terms.FirstDifference(_terms[index]!) is null;
        if (reason != OfflineRejectReason.Conflict && decidesSeq)
        {
            _newDecisions.Add(Decision(index, SeqOutcome.Rejected, reason));
        }

        _held.Add(new HeldTransaction(deviceId, transaction.Seq, transaction.WalletId, transaction.Amount, transaction.CreatedAt, reason, transaction.Lines));
    }

    private OfflineChargeResult RepeatOf(int index, int firstIndex)
    {
        var seq = transactions[index].Seq;
        if (_terms[index]!.FirstDifference(_terms[firstIndex]!) is not null)
        {
            return Rejected(seq, OfflineRejectReason.Conflict);
        }

        var first = Results[firstIndex];
        return first.Status == OfflineStatus.Rejected ? first with { Seq = seq } : new OfflineChargeResult(seq, OfflineStatus.Duplicate, null, first.Balance, first.AppliedOffline);
    }

    private DecidedSeq Decision(int index, SeqOutcome outcome, OfflineRejectReason? reason)
    {
        var transaction = transactions[index];
        return new DecidedSeq(transaction.Seq, transaction.WalletId, _terms[index]!.Fingerprint, outcome, reason, transaction.Amount, transaction.CreatedAt, QrTokenId(transaction));
    }

    private OfflineCharge ToCharge(int index)
    {
        var transaction = transactions[index];
        return new OfflineCharge(deviceId, transaction.Seq, transaction.Amount, transaction.CreatedAt, transaction.Credential.Type, _terms[index]!.CredentialDigest,
            transaction.Credential.Value, _settlement[index], limits.MaxPerDeviceWalletFor(device.OfflineMaxPerWallet), QrTokenId(transaction), transaction.Lines);
    }

    private static string? QrTokenId(OfflineTransaction transaction) =>
        transaction.Credential.Type == CredentialType.Qr ? QrToken.IdOf(transaction.Credential.Value) : null;

    private static long HourOf(OfflineTransaction transaction) =>
        WireTime.TryParse(transaction.CreatedAt, out var createdAt) ? DeviceState.HourOf(createdAt) : long.MinValue;

    private static OfflineChargeResult Rejected(long seq, OfflineRejectReason reason) => new(seq, OfflineStatus.Rejected, reason, 0);

    private static bool IsValid(OfflineTransaction transaction) =>
        transaction.Seq >= 1 && LedgerLimits.IsValidId(transaction.WalletId) && LedgerLimits.IsValidAmount(transaction.Amount)
        && WireTime.IsValid(transaction.CreatedAt)
        && transaction.Credential is { Value.Length: > 0 and <= LedgerLimits.MaxCredentialValueLength } && transaction.Signature is not null;
}
