using System.Security.Cryptography;
using FestivalPos.Grains.Devices;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Snapshots;
using FestivalPos.Storage;
using FestivalPos.Wire;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Wallets;

/// <summary>
/// The single writer of one wallet's stream. Not reentrant: a call runs to its end (decision and
/// durable append) before the next starts, so no balance check can be overtaken by another charge.
/// </summary>
public sealed class WalletGrain(IEventStore store, Keys.KeyRing keys, TimeProvider time, OfflineSnapshotPublisher snapshotPublisher,
    IOptions<WristbandOptions> wristbands, IOptions<WalletLimitsOptions> limits, IOptions<RefundOptions> refunds,
    Holders.HolderDataVault holders, IOptions<CashOut.CashOutOptions> cashOut, PinHashing pinHashing)
    : Grain, IWalletGrain
{
    private EventStream<WalletState, WalletEvent> _stream = null!;
    private ECDsa? _qrPublicKey;

    private string WalletId => this.GetPrimaryKeyString();

    public const string StreamPrefix = "wallet/";

    public static string StreamId(string walletId) => StreamPrefix + walletId;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<WalletState, WalletEvent>(store, keys.Chain, StreamId(WalletId), new WalletState());
        return _stream.RefreshAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _qrPublicKey?.Dispose();
        return Task.CompletedTask;
    }

    public Task<WalletCommandOutcome> Create() =>
        DecideAsync(state => !LedgerLimits.IsValidId(WalletId) ? Outcome(WalletCommandOutcome.InvalidInput)
            : state.Exists ? Outcome(WalletCommandOutcome.AlreadyExists)
            : new([new WalletCreated(Now)], WalletCommandOutcome.Done));

    public async Task<WalletCommandOutcome> LinkWristband(string uid)
    {
        await _stream.RefreshAsync();
        if (!LedgerLimits.IsValidId(uid))
        {
            return WalletCommandOutcome.InvalidInput;
        }

        if (!_stream.State.Exists)
        {
            return WalletCommandOutcome.WalletNotFound;
        }

        // The wristband grain owns the uid; claiming first means a uid is never linked to two wallets.
        var owner = await GrainFactory.Reference<IWristbandGrain>(uid).Claim(WalletId);
        if (owner != WalletId)
        {
            return WalletCommandOutcome.WristbandTaken;
        }

        return await DecideAsync(state => state.Wristbands.Contains(uid)
            ? Outcome(WalletCommandOutcome.Done)
            : new([new WristbandLinked(uid, Now)], WalletCommandOutcome.Done));
    }

    public async Task<WalletCommandOutcome> SetPin(string pin)
    {
        await _stream.RefreshAsync();
        if (!LedgerLimits.IsValidPin(pin))
        {
            return WalletCommandOutcome.InvalidInput;
        }

        if (!_stream.State.Exists)
        {
            return WalletCommandOutcome.WalletNotFound;
        }

        var verifier = await pinHashing.CreateAsync(pin);
        return await DecideAsync(_ => new Decision<WalletEvent, WalletCommandOutcome>([new PinSet(verifier, Now)], WalletCommandOutcome.Done));
    }

    public async Task<string?> IssueAttendeeCode()
    {
        await _stream.RefreshAsync();
        if (!_stream.State.Exists)
        {
            return null;
        }

        var code = AttendeeCodes.Create();
        var verifier = await pinHashing.CreateAsync(AttendeeCodes.Normalize(code));
        await DecideAsync(_ => new Decision<WalletEvent, bool>([new AttendeeCodeSet(verifier, Now)], true));
        return code;
    }

    public async Task<long?> CheckAttendeeCode(string code)
    {
        await _stream.RefreshAsync();
        var state = _stream.State;
        return state.AttendeeCode is { } verifier && AttendeeCodes.IsWellFormed(code) && await pinHashing.MatchesAsync(verifier, AttendeeCodes.Normalize(code))
            ? state.AttendeeCodeVersion
            : null;
    }

    public async Task<long?> GetAttendeeCodeVersion()
    {
        await _stream.RefreshAsync();
        return _stream.State.AttendeeCodeVersion;
    }

    public Task<WalletCommandOutcome> Block() =>
        DecideAsync(state => !state.Exists ? Outcome(WalletCommandOutcome.WalletNotFound)
            : state.Status == WalletStatus.Blocked ? Outcome(WalletCommandOutcome.Done)
            : new([new WalletBlocked(Now)], WalletCommandOutcome.Done));

    public Task<WalletCommandOutcome> Unblock() =>
        DecideAsync(state => !state.Exists ? Outcome(WalletCommandOutcome.WalletNotFound)
            : state.Status == WalletStatus.Active ? Outcome(WalletCommandOutcome.Done)
            : new([new WalletUnblocked(Now)], WalletCommandOutcome.Done));

    public Task<TopUpResult> ApplyTopUp(TopUpRequest request) =>
        WalletRules.IsValid(request) && request.WalletId == WalletId
            ? DecideAsync(state => WalletRules.DecideTopUp(state, request, limits.Value, Now))
            : Task.FromResult(new TopUpResult(request.TopUpId, TopUpOutcome.InvalidInput, 0));

    public async Task<ChargeResult> ChargeOnline(OnlineCharge charge)
    {
        var txId = WalletRules.TxId(charge.DeviceId, charge.Seq);
        if (!WalletRules.IsValid(charge) || charge.WalletId != WalletId)
        {
            return new ChargeResult(txId, ChargeOutcome.InvalidInput, null, 0, Duplicate: false);
        }

        await ConfirmExistenceAsync();
        var terms = ChargeTerms.Of(charge.DeviceId, charge.Seq, WalletId, charge.Amount, charge.CreatedAt, charge.Credential);
        try
        {
            return await DecideAsync(async state =>
            {
                if (!state.Exists)
                {
                    return Decision<WalletEvent, ChargeResult>.Answer(new ChargeResult(txId, ChargeOutcome.WalletNotFound, null, 0, Duplicate: false));
                }

                if (WalletRules.Recorded(state, txId, terms) is { } recorded)
                {
                    return Decision<WalletEvent, ChargeResult>.Answer(recorded);
                }

                var credential = await CheckOnlineAsync(state, charge.Credential);
                return WalletRules.DecideOnline(state, charge, terms, credential, Now) with { Index = [SeqBindings.Entry(charge.DeviceId, charge.Seq, terms)] };
            });
        }
        catch (IndexConflictException)
        {
            var bound = await SeqBindings.FindAsync(store, charge.DeviceId, charge.Seq) ?? throw new LedgerCorruptionException(_stream.StreamId, _stream.Version, $"no binding for {txId}");
            return new ChargeResult(txId, ChargeOutcome.Conflict, null, _stream.State.Balance, Duplicate: false, bound.FirstDifference(terms));
        }
    }

    public async Task<OfflineChargeResult[]> ApplyOffline(OfflineCharge[] charges)
    {
        if (charges.Length is 0 or > LedgerLimits.MaxBatchSize || !charges.All(WalletRules.IsValid))
        {
            return [.. charges.Select(c => new OfflineChargeResult(c.Seq, OfflineStatus.Rejected, OfflineRejectReason.InvalidInput, 0))];
        }

        await ConfirmExistenceAsync();
        var boundElsewhere = new Dictionary<long, ChargeTerms>();
        var confirmed = false;
        while (true)
        {
            try
            {
                var results = await DecideAsync(async state =>
                {
                    var credentials = await Task.WhenAll(charges.Select(charge => CheckOfflineAsync(state, charge)));
                    var decision = WalletRules.DecideOffline(state, WalletId, charges, credentials, boundElsewhere, Now);
                    return decision with { Index = [.. decision.Events.OfType<ChargeApproved>().Select(e => SeqBindings.Entry(e.DeviceId, e.Seq, ChargeTerms.Parse(e.Fingerprint)))] };
                });

                // A refusal writes nothing, so it is confirmed against storage: a stale activation decides again on what is stored.
                if (confirmed || !results.Any(r => r.Status == OfflineStatus.Rejected) || !await _stream.CatchUpAsync())
                {
                    return results;
                }

                confirmed = true;
            }
            catch (IndexConflictException conflict) when (!boundElsewhere.ContainsKey(conflict.Entry.Position))
            {
                // Another wallet (or the device's refusal) holds this seq: decide the batch again with it as a conflict.
                var deviceId = charges[0].DeviceId;
                boundElsewhere[conflict.Entry.Position] = await SeqBindings.FindAsync(store, deviceId, conflict.Entry.Position)
                    ?? throw new LedgerCorruptionException(_stream.StreamId, _stream.Version, $"no binding for {deviceId}:{conflict.Entry.Position}");
            }
        }
    }

    public Task<RefundResult> Refund(RefundRequest request) =>
        WalletRules.IsValid(request)
            ? DecideAsync(state => WalletRules.DecideRefund(state, request, refunds.Value.DeviceWindow, Now))
            : Task.FromResult(new RefundResult(request.RefundId, RefundOutcome.InvalidInput, 0, 0));

    public async Task<RefundResult> CheckRefund(RefundRequest request)
    {
        if (!WalletRules.IsValid(request))
        {
            return new RefundResult(request.RefundId, RefundOutcome.InvalidInput, 0, 0);
        }

        await _stream.RefreshAsync();
        return WalletRules.DecideRefund(_stream.State, request, refunds.Value.DeviceWindow, Now).Result;
    }

    public async Task<CashOutResult> RequestCashOut()
    {
        await ConfirmExistenceAsync();
        var destination = _stream.State.Exists && await holders.ReadAsync(WalletId) is { Data.HasPayoutDestination: true };
        return await DecideAsync(state => CashOutRules.DecideRequest(state, destination, cashOut.Value, Now));
    }

    public async Task<CashOutWithdrawalOutcome> WithdrawCashOut()
    {
        await ConfirmExistenceAsync();
        return await DecideAsync(state => CashOutRules.DecideWithdrawal(state, Now));
    }

    public Task<PayoutResult> PayOut(string payoutId) =>
        PayoutIds.TryParse(payoutId, out _, out var walletId) && walletId == WalletId
            ? DecideAsync(state => CashOutRules.DecidePayout(state, payoutId, Now))
            : Task.FromResult(new PayoutResult(payoutId, PayoutOutcome.InvalidInput, 0, 0, 0));

    public Task<bool> ConfirmPayout(string payoutId) =>
        DecideAsync(state => CashOutRules.DecideConfirmation(state, payoutId, Now));

    public async Task<CashOutView?> GetCashOut()
    {
        await _stream.RefreshAsync();
        return _stream.State.CashOut;
    }

    public async Task<string[]?> GetWristbands()
    {
        await _stream.RefreshAsync();
        return _stream.State.Exists ? [.. _stream.State.Wristbands.Order(StringComparer.Ordinal)] : null;
    }

    public async Task<WalletView?> GetView()
    {
        await _stream.RefreshAsync();
        var state = _stream.State;
        return state.Exists ? new WalletView(WalletId, state.Balance, state.Status, state.Flags, _stream.Version) : null;
    }

    public async Task<HistoryPage?> GetHistory(long after, int limit)
    {
        await _stream.RefreshAsync();
        return _stream.State.Exists ? WalletHistory.Page(_stream.State.Entries, after, limit) : null;
    }

    public async Task<ChainVerification> VerifyChain()
    {
        await _stream.RefreshAsync();
        return await WalletChainVerifier.VerifyAsync(store, keys.Chain, WalletId, _stream.State.Balance);
    }

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Decides through the stream and, when that moved the stream on, publishes the wallet's offline view.</summary>
    private async Task<TResult> DecideAsync<TResult>(Func<WalletState, Task<Decision<WalletEvent, TResult>>> decide)
    {
        var before = _stream.Version;
        var result = await _stream.DecideAsync(decide);
        if (_stream.Version != before)
        {
            snapshotPublisher.Publish(OfflineViews.From(_stream.State, WalletId, _stream.Version));
        }

        return result;
    }

    private Task<TResult> DecideAsync<TResult>(Func<WalletState, Decision<WalletEvent, TResult>> decide) =>
        DecideAsync(state => Task.FromResult(decide(state)));

    private static Decision<WalletEvent, WalletCommandOutcome> Outcome(WalletCommandOutcome outcome) =>
        Decision<WalletEvent, WalletCommandOutcome>.Answer(outcome);

    /// <summary>A wallet that is not there is confirmed against storage: a stale activation may predate its creation.</summary>
    private async Task ConfirmExistenceAsync()
    {
        await _stream.RefreshAsync();
        if (!_stream.State.Exists)
        {
            await _stream.CatchUpAsync();
        }
    }

    private async Task<CredentialCheck> CheckOnlineAsync(WalletState state, Credential credential)
    {
        switch (credential.Type)
        {
            case CredentialType.Nfc:
                return CredentialCheck.OfUid(state, credential.Value, wristbands.Value);
            case CredentialType.NfcSun:
                return CredentialCheck.OfSunMessage(state, credential.Value, keys.WristbandKey);
            case CredentialType.Pin:
                var matches = state.Pin is { } pin && !state.PinLocked && await pinHashing.MatchesAsync(pin, credential.Value);
                return new CredentialCheck(matches, null);
            case CredentialType.Qr:
                var claims = QrToken.Read(await QrPublicKeyAsync(), credential.Value);
                return claims is not null && claims.WalletId == WalletId && claims.ValidAt(Now) ? new CredentialCheck(true, claims.TokenId) : CredentialCheck.Invalid;
            default:
                return CredentialCheck.Invalid;
        }
    }

    /// <summary>Check 5 of API.md 1.1: a linked wristband (its uid, or its SUN message), or a QR token for this wallet that had not expired when the sale was made. No PIN offline.</summary>
    private async Task<CredentialCheck> CheckOfflineAsync(WalletState state, OfflineCharge charge)
    {
        if (charge.Settlement == OfflineSettlement.ApprovedInReview)
        {
            return CredentialCheck.Approved(charge.QrTokenId);
        }

        switch (charge.CredentialType)
        {
            case CredentialType.Nfc:
                return CredentialCheck.OfUid(state, charge.CredentialValue!, wristbands.Value);
            case CredentialType.NfcSun:
                return CredentialCheck.OfSunMessage(state, charge.CredentialValue!, keys.WristbandKey);
            case CredentialType.Qr:
                var claims = QrToken.Read(await QrPublicKeyAsync(), charge.CredentialValue!);
                var valid = claims is not null && claims.WalletId == WalletId && Wire.WireTime.TryParse(charge.CreatedAt, out var soldAt) && claims.ValidAt(soldAt);
                return valid ? new CredentialCheck(true, claims!.TokenId) : CredentialCheck.Invalid;
            default:
                return CredentialCheck.Invalid;
        }
    }

    private async Task<ECDsa> QrPublicKeyAsync() =>
        _qrPublicKey ??= QrToken.PublicKey(await GrainFactory.Reference<IQrTokenGrain>(IQrTokenGrain.CurrentKey).GetPublicKey());
}
