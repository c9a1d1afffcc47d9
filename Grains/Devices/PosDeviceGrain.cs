using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Devices;

/// <summary>
/// One terminal. Every charge of the terminal passes through here, so each seq is bound to one
/// wallet and one content, and the sync cursor only moves over seqs whose outcome is durable.
/// </summary>
public sealed class PosDeviceGrain(IEventStore store, TimeProvider time) : Grain, IPosDeviceGrain
{
    private const int SigningKeyBytes = 32;

    private EventStream<DeviceState, DeviceEvent> _stream = null!;

    private string DeviceId => this.GetPrimaryKeyString();

    private DeviceState State => _stream.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<DeviceState, DeviceEvent>(store, $"device/{DeviceId}", new DeviceState());
        await _stream.RefreshAsync();
        foreach (var entry in await store.ReadIndexAsync(OnlineSeqIndex.Key(DeviceId), 0, cancellationToken))
        {
            State.DecidedOnline(OnlineSeqIndex.Read(entry));
        }
    }

    public Task<EnrollResult> Enroll(string standId)
    {
        if (!LedgerLimits.IsValidId(DeviceId) || !LedgerLimits.IsValidId(standId))
        {
            return Task.FromResult(new EnrollResult(EnrollOutcome.InvalidInput, null));
        }

        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SigningKeyBytes));
        return _stream.DecideAsync(state => state.Exists
            ? Decision<DeviceEvent, EnrollResult>.Answer(new EnrollResult(EnrollOutcome.AlreadyExists, null))
            : new([new DeviceEnrolled(standId, signingKey, Now)], new EnrollResult(EnrollOutcome.Enrolled, signingKey)));
    }

    public Task<bool> Revoke() =>
        _stream.DecideAsync(state => !state.Exists || state.Revoked
            ? Decision<DeviceEvent, bool>.Answer(state.Exists)
            : new([new DeviceRevoked(Now)], true));

    public async Task<DeviceView?> GetView()
    {
        await _stream.RefreshAsync();
        return State.Exists
            ? new DeviceView(DeviceId, State.StandId, State.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active, State.AckedThrough, State.Gaps())
            : null;
    }

    public async Task<RejectedTransaction[]> GetRejected()
    {
        await _stream.RefreshAsync();
        return [.. State.Rejected];
    }

    public async Task<ChargeResult> Charge(OnlineCharge charge)
    {
        await _stream.RefreshAsync();
        var txId = WalletRules.TxId(DeviceId, charge.Seq);
        if (charge.DeviceId != DeviceId || !WalletRules.IsValid(charge))
        {
            return Refused(txId, ChargeOutcome.InvalidInput);
        }

        if (!State.Exists || State.Revoked)
        {
            return Refused(txId, State.Exists ? ChargeOutcome.DeviceRevoked : ChargeOutcome.DeviceNotFound);
        }

        var fingerprint = WalletRules.Fingerprint(charge.WalletId, charge.Amount, charge.CreatedAt, charge.Credential.Type);
        if (State.Decided.TryGetValue(charge.Seq, out var decided))
        {
            return decided.Fingerprint != fingerprint || decided.Outcome == SeqOutcome.Rejected ? Refused(txId, ChargeOutcome.Conflict)
                : decided.Outcome == SeqOutcome.WalletNotFound ? Refused(txId, ChargeOutcome.WalletNotFound)
                : await Wallet(charge.WalletId).ChargeOnline(charge);
        }

        var result = await Wallet(charge.WalletId).ChargeOnline(charge);
        var outcome = result.Outcome switch
        {
            ChargeOutcome.Approved or ChargeOutcome.Declined => SeqOutcome.Online,
            ChargeOutcome.WalletNotFound => SeqOutcome.WalletNotFound,
            _ => (SeqOutcome?)null,
        };
        if (outcome == SeqOutcome.Online && !result.Duplicate)
        {
            // Decided just now: the wallet's append carried this seq's index entry, so it is already durable.
            State.DecidedOnline(OnlineSeqIndex.Decided(charge, fingerprint));
        }
        else if (outcome is { } settled)
        {
            await RecordAsync([new DecidedSeq(charge.Seq, charge.WalletId, fingerprint, settled, null, charge.Amount, charge.CreatedAt)]);
        }

        return result;
    }

    public async Task<BatchResult> SyncBatch(OfflineTransaction[] transactions)
    {
        await _stream.RefreshAsync();
        if (!State.Exists || transactions.Length > LedgerLimits.MaxBatchSize)
        {
            var outcome = State.Exists ? BatchOutcome.TooLarge : BatchOutcome.DeviceNotFound;
            return new BatchResult(outcome, [], State.AckedThrough);
        }

        var sync = new BatchSync(DeviceId, State, transactions);
        var failed = await sync.ApplyAsync(walletId => Wallet(walletId));
        await RecordAsync(sync.NewDecisions);
        if (failed > 0)
        {
            throw new WalletUnavailableException($"{failed} transactions of the batch could not reach their wallets; send the batch again.");
        }

        return new BatchResult(BatchOutcome.Accepted, sync.Results, State.AckedThrough);
    }

    private async Task RecordAsync(IReadOnlyList<DecidedSeq> decisions)
    {
        if (decisions.Count == 0)
        {
            return;
        }

        await _stream.DecideAsync(state =>
        {
            DecidedSeq[] fresh = [.. decisions.Where(d => !state.Decided.ContainsKey(d.Seq))];
            return fresh.Length == 0
                ? Decision<DeviceEvent, bool>.Answer(true)
                : new Decision<DeviceEvent, bool>([new SeqsDecided(fresh, Now)], true);
        });
    }

    private IWalletGrain Wallet(string walletId) => GrainFactory.Reference<IWalletGrain>(walletId);

    private static ChargeResult Refused(string txId, ChargeOutcome outcome) => new(txId, outcome, null, 0, Duplicate: false);

    private DateTimeOffset Now => time.GetUtcNow();
}
