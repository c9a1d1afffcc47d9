using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Keys;
using FestivalPos.Grains.Restores;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;
using Microsoft.Extensions.Options;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// One terminal. Every charge of the terminal passes through here, and storage binds each seq to one wallet
/// and one content (<see cref="SeqBindings"/>); the sync cursor only moves over seqs whose outcome is durable.
/// </summary>
public sealed class PosDeviceGrain(IEventStore store, TimeProvider time, KeyRing keys, IOptions<OfflineLimitsOptions> offlineLimits, IOptions<PinLimitsOptions> pinLimits)
    : Grain, IPosDeviceGrain
{
    public const string StreamPrefix = "device/";

    private const int KeyNonceBytes = 16;

    private EventStream<DeviceState, DeviceEvent> _stream = null!;
    private PinAttemptBudget _pinAttempts = null!;
    private string _ledgerEpoch = LedgerEpoch.Initial;

    private string DeviceId => this.GetPrimaryKeyString();

    private DeviceState State => _stream.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<DeviceState, DeviceEvent>(store, keys.Chain, StreamPrefix + DeviceId, new DeviceState());
        _pinAttempts = new PinAttemptBudget(pinLimits.Value.PinAttemptsPerMinute);
        await _stream.RefreshAsync();
        await ReadBindingsAsync(afterSeq: 0);

        // Read once: a restore runs with every silo stopped, so no activation outlives it.
        _ledgerEpoch = await LedgerEpoch.ReadAsync(store, keys.Chain);
    }

    public async Task<EnrollResult> Enroll(string standId, long? offlineMaxPerWallet)
    {
        if (!LedgerLimits.IsValidId(DeviceId) || !LedgerLimits.IsValidId(standId) || offlineMaxPerWallet is < 0 or > LedgerLimits.MaxAmount)
        {
            return new EnrollResult(EnrollOutcome.InvalidInput, null);
        }

        var nonce = RandomNumberGenerator.GetBytes(KeyNonceBytes);
        var maxPerWallet = offlineMaxPerWallet ?? offlineLimits.Value.DefaultMaxPerWallet;
        var snapshotKey = await GrainFactory.Reference<ISnapshotKeyGrain>(ISnapshotKeyGrain.Current).GetOrCreate();
        return await _stream.DecideAsync(state => state.Exists
            ? Decision<DeviceEvent, EnrollResult>.Answer(new EnrollResult(EnrollOutcome.AlreadyExists, null))
            : new([new DeviceEnrolled(standId, Convert.ToBase64String(nonce), Now, maxPerWallet)],
                new EnrollResult(EnrollOutcome.Enrolled, Convert.ToBase64String(keys.DeviceSigningKey(DeviceId, nonce)), snapshotKey, maxPerWallet)));
    }

    public Task<bool> Revoke() =>
        _stream.DecideAsync(state => !state.Exists || state.Revoked
            ? Decision<DeviceEvent, bool>.Answer(state.Exists)
            : new([new DeviceRevoked(Now)], true));

    public async Task<DeviceView?> GetView()
    {
        await ConfirmStateAsync();
        return State.Exists
            ? new DeviceView(DeviceId, State.StandId, State.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active, State.AckedThrough, State.Gaps(), _ledgerEpoch)
            : null;
    }

    public async Task<ChargeResult> Charge(OnlineCharge charge)
    {
        await _stream.RefreshAsync();
        var txId = WalletRules.TxId(DeviceId, charge.Seq);
        if (charge.DeviceId != DeviceId || !WalletRules.IsValid(charge))
        {
            return Refused(txId, ChargeOutcome.InvalidInput);
        }

        if (!State.Exists)
        {
            await ConfirmStateAsync();
        }

        if (!State.Exists || State.Revoked)
        {
            return Refused(txId, State.Exists ? ChargeOutcome.DeviceRevoked : ChargeOutcome.DeviceNotFound);
        }

        var terms = ChargeTerms.Of(DeviceId, charge.Seq, charge.WalletId, charge.Amount, charge.CreatedAt, charge.Credential);
        if (State.Decided.TryGetValue(charge.Seq, out var decided))
        {
            return await RepeatAsync(charge, terms, decided);
        }

        if (charge.Credential.Type == CredentialType.Pin && _pinAttempts.TryTake(Now) is { } wait)
        {
            return Refused(txId, ChargeOutcome.PinAttemptsExceeded) with { RetryAfterSeconds = (int)Math.Ceiling(wait.TotalSeconds) };
        }

        return await SettleOnlineAsync(charge, terms, await Wallet(charge.WalletId).ChargeOnline(charge));
    }

    public async Task<BatchResult> SyncBatch(OfflineTransaction[] transactions)
    {
        // Confirmed against storage: a stale activation must not apply a batch of a device revoked meanwhile.
        await ConfirmStateAsync();
        if (!State.Exists || transactions.Length > LedgerLimits.MaxBatchSize)
        {
            var outcome = State.Exists ? BatchOutcome.TooLarge : BatchOutcome.DeviceNotFound;
            return new BatchResult(outcome, [], State.AckedThrough, _ledgerEpoch);
        }

        var sync = new BatchSync(DeviceId, keys.DeviceSigningKey(DeviceId, State.KeyNonce), State, offlineLimits.Value, transactions, Now);
        var failed = await sync.ApplyAsync(Wallet);
        if (sync.Held is { Length: > 0 } held)
        {
            // Held before the refusals are recorded: a crash in between leaves a seq to decide again, never a refusal nobody can review.
            await GrainFactory.Reference<IReviewQueueGrain>(IReviewQueueGrain.All).Hold(held);
        }

        await RecordAsync(sync.NewDecisions);
        foreach (var seq in sync.BoundElsewhere)
        {
            await ReadBindingsAsync(afterSeq: seq - 1);
        }

        if (failed > 0)
        {
            throw new WalletUnavailableException($"{failed} transactions of the batch could not reach their wallets; send the batch again.");
        }

        return new BatchResult(BatchOutcome.Accepted, sync.Results, State.AckedThrough, _ledgerEpoch);
    }

    public async Task<bool> CanApprove(HeldTransaction held)
    {
        await _stream.RefreshAsync();
        return HeldUnder(held) is not null;
    }

    public async Task<bool> ApproveHeld(HeldTransaction approved)
    {
        await _stream.RefreshAsync();
        var seq = approved.Seq;
        if (HeldUnder(approved) is not { } held)
        {
            return false;
        }

        // Refused offline, or refused on its way in while its wallet held it from online (approved: a duplicate; declined: applied now).
        if (held.Outcome is SeqOutcome.Rejected or SeqOutcome.Online)
        {
            var terms = held.Terms;
            var charge = new OfflineCharge(DeviceId, seq, held.Amount, held.CreatedAt, terms.CredentialType, terms.CredentialDigest, null,
                OfflineSettlement.ApprovedInReview, MaxPerDeviceWallet: 0, held.QrTokenId, approved.Lines);
            var result = (await Wallet(held.WalletId).ApplyOffline([charge]))[0];
            if (result.Status == OfflineStatus.Rejected)
            {
                return false;
            }

            await _stream.DecideAsync(state => state.Decided[seq].Outcome == SeqOutcome.Applied || !result.AppliedOffline
                ? Decision<DeviceEvent, bool>.Answer(true)
                : new Decision<DeviceEvent, bool>([new SeqApproved(seq, Now)], true));
        }

        return true;
    }

    /// <summary>The seq's record when it holds the very sale an organizer sees in the review queue (a copy with other content may have been the one refused).</summary>
    private DecidedSeq? HeldUnder(HeldTransaction held) =>
        State.Decided.TryGetValue(held.Seq, out var decided) && decided.Outcome != SeqOutcome.WalletNotFound
        && decided.WalletId == held.WalletId && decided.Amount == held.Amount && decided.CreatedAt == held.CreatedAt
            ? decided
            : null;

    /// <summary>A seq this device decided before: the same content gets its answer, other content is a conflict.</summary>
    private async Task<ChargeResult> RepeatAsync(OnlineCharge charge, ChargeTerms terms, DecidedSeq decided)
    {
        var txId = WalletRules.TxId(DeviceId, charge.Seq);
        if (decided.Terms.FirstDifference(terms) is { } field)
        {
            return Refused(txId, ChargeOutcome.Conflict) with { ConflictField = field };
        }

        return decided.Outcome switch
        {
            SeqOutcome.WalletNotFound => Refused(txId, ChargeOutcome.WalletNotFound),
            SeqOutcome.Rejected => Refused(txId, ChargeOutcome.Conflict) with { ConflictField = "seq" },
            _ => await Wallet(charge.WalletId).ChargeOnline(charge),
        };
    }

    private async Task<ChargeResult> SettleOnlineAsync(OnlineCharge charge, ChargeTerms terms, ChargeResult result)
    {
        var decided = new DecidedSeq(charge.Seq, charge.WalletId, terms.Fingerprint, SeqOutcome.Online, null, charge.Amount, charge.CreatedAt);
        switch (result.Outcome)
        {
            case ChargeOutcome.Approved or ChargeOutcome.Declined:
                // Decided just now or earlier: the wallet's append carried this seq's binding, so it is durable.
                State.BoundAtWallet(decided);
                break;
            case ChargeOutcome.WalletNotFound:
                await RecordAsync([decided with { Outcome = SeqOutcome.WalletNotFound }]);
                break;
            case ChargeOutcome.Conflict:
                await ReadBindingsAsync(afterSeq: charge.Seq - 1);
                break;
        }

        return result;
    }

    /// <summary>Records seqs decided here, each with its binding: storage refuses one already bound to other terms.</summary>
    private async Task RecordAsync(IReadOnlyList<DecidedSeq> decisions)
    {
        if (decisions.Count == 0)
        {
            return;
        }

        try
        {
            await _stream.DecideAsync(state =>
            {
                DecidedSeq[] fresh = [.. decisions.Where(d => !state.Decided.TryGetValue(d.Seq, out var earlier) || earlier != d && earlier.Outcome == SeqOutcome.Online)];
                return fresh.Length == 0
                    ? Decision<DeviceEvent, bool>.Answer(true)
                    : new Decision<DeviceEvent, bool>([new SeqsDecided(fresh, Now)], true) { Index = [.. fresh.Select(d => SeqBindings.Entry(DeviceId, d.Seq, d.Terms))] };
            });
        }
        catch (IndexConflictException conflict)
        {
            // A wallet bound one of these seqs meanwhile (through another activation): learn it, and let the caller ask again.
            await ReadBindingsAsync(afterSeq: conflict.Entry.Position - 1);
            throw new WalletUnavailableException($"Seq {conflict.Entry.Position} was bound meanwhile; send the request again.");
        }
    }

    /// <summary>Learns the seqs above <paramref name="afterSeq"/> that wallets bound for this device.</summary>
    private async Task ReadBindingsAsync(long afterSeq)
    {
        foreach (var entry in await store.ReadIndexAsync(SeqBindings.Key(DeviceId), afterSeq))
        {
            if (!State.Decided.ContainsKey(entry.Position))
            {
                var terms = SeqBindings.Read(entry);
                State.BoundAtWallet(new DecidedSeq(entry.Position, terms.WalletId, entry.Value, SeqOutcome.Online, null, terms.Amount, terms.CreatedAt));
            }
        }
    }

    /// <summary>Reads what other activations wrote: a final answer that writes nothing must not come from a stale state.</summary>
    private async Task ConfirmStateAsync()
    {
        await _stream.RefreshAsync();
        if (await _stream.CatchUpAsync())
        {
            await ReadBindingsAsync(State.AckedThrough);
        }
    }

    private IWalletGrain Wallet(string walletId) => GrainFactory.Reference<IWalletGrain>(walletId);

    private static ChargeResult Refused(string txId, ChargeOutcome outcome) => new(txId, outcome, null, 0, Duplicate: false);

    private DateTimeOffset Now => time.GetUtcNow();
}
