using System.Text;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Tests.Infrastructure;
using FestivalPos.Wire;
using Orleans.Core.Internal;

namespace FestivalPos.Tests.Ledger.Model;

/// <summary>The model and the system answered differently; the message names the seed and lists the steps so far.</summary>
public sealed class ModelMismatchException(string message) : Exception(message);

public sealed record ModelRunSummary(int Seed, int Steps, int Batches, int OfflineTransactions, int StaleWrites, int Retries);

/// <summary>
/// One seed: a few wallets and one or two terminals, then a random sequence of steps, each run against the real
/// grains and the <see cref="ReferenceLedger"/>, comparing the answer and afterwards every wallet's view and every
/// device's cursor; at the end each wallet's history and chain, and the review queue's entries.
/// </summary>
public sealed partial class ModelRun
{
    private static int _runs;
    private static long _reviewQueueKnownEnd;

    private readonly LedgerCluster _ledger;
    private readonly IGrainFactory _grains;
    private readonly int _seed;
    private readonly ModelRunOptions _options;
    private readonly Random _random;
    private readonly string _prefix;
    private readonly ReferenceLedger _model = new();
    private readonly List<WalletSlot> _wallets = [];
    private readonly List<Terminal> _terminals = [];
    private readonly List<string> _topUpIds = [];

    /// <summary>Wallets a second activation wrote to behind the live one's back, with the model's event count at that moment.</summary>
    private readonly Dictionary<string, int> _lagging = new(StringComparer.Ordinal);
    private readonly StringBuilder _log = new();
    private DateTimeOffset _base;
    private long _reviewQueueStart;
    private int _step;
    private int _steps;
    private int _batches;
    private int _offlineTransactions;
    private int _staleWrites;
    private int _retries;
    private int _strays;

    private ModelRun(LedgerCluster ledger, int seed, ModelRunOptions options)
    {
        _ledger = ledger;
        _grains = ledger.Grains;
        _seed = seed;
        _options = options;
        _random = new Random(seed);
        _prefix = $"m{seed}r{Interlocked.Increment(ref _runs)}";
    }

    public static async Task<ModelRunSummary> RunAsync(LedgerCluster ledger, int seed, ModelRunOptions options)
    {
        var run = new ModelRun(ledger, seed, options);
        try
        {
            await run.SetUpAsync();
            var steps = run._random.Next(options.MinSteps, options.MaxSteps + 1);
            for (run._step = 1; run._step <= steps; run._step++)
            {
                await run.StepAsync(late: run._step > steps * 3 / 4);
                await run.CompareViewsAsync();
            }

            await run.FinishAsync();
        }
        catch (ModelMismatchException mismatch)
        {
            throw run.Failure(mismatch.Message);
        }
        catch (Exception exception)
        {
            throw run.Failure($"{exception.GetType().Name}: {exception}");
        }

        return new ModelRunSummary(seed, run._steps, run._batches, run._offlineTransactions, run._staleWrites, run._retries);
    }

    private ModelMismatchException Failure(string problem) =>
        new($"Seed {_seed} (replay: FESTIVALPOS_MODEL_SEED={_seed}), step {_step}: {problem}{Environment.NewLine}Steps:{Environment.NewLine}{_log}");

    private void Log(string line) => _log.Append(_step.ToString().PadLeft(3)).Append(". ").AppendLine(line);

    private sealed class WalletSlot(string walletId, bool created)
    {
        public string WalletId => walletId;

        public bool Created => created;

        public List<string> Uids { get; } = [];

        public List<string> Tokens { get; } = [];

        public string? Pin { get; set; }
    }

    /// <summary>The terminal's side: its seq counter, its outbox of signed sales, the online charges it sent.</summary>
    private sealed class Terminal(string deviceId, byte[] key, long offlineMaxPerWallet)
    {
        public string DeviceId => deviceId;

        public byte[] Key => key;

        public long OfflineMaxPerWallet => offlineMaxPerWallet;

        public long NextSeq { get; set; } = 1;

        public List<OfflineTransaction> Outbox { get; } = [];

        public HashSet<long> Sent { get; } = [];

        public List<(long Seq, SaleContent Content)> Online { get; } = [];

        /// <summary>Seqs a second activation of a wallet charged, and that wallet.</summary>
        public Dictionary<long, string> StaleAtWallet { get; } = [];

        public int PinCharges { get; set; }

        public bool Revoked { get; set; }
    }

    // ---- set-up ----

    private async Task SetUpAsync()
    {
        _reviewQueueStart = await ReviewQueueEndAsync();
        var walletCount = _random.Next(3, 6);
        for (var i = 0; i < walletCount; i++)
        {
            var created = i < 2 || _random.NextDouble() < 0.85;
            var slot = new WalletSlot($"{_prefix}-w{i}", created);
            _wallets.Add(slot);
            if (!created)
            {
                Log($"wallet {slot.WalletId} never created");
                continue;
            }

            await ExpectAsync(_model.Create(slot.WalletId), Wallet(slot.WalletId).Create(), $"create {slot.WalletId}");
            if (_random.NextDouble() < 0.9)
            {
                var uid = $"{slot.WalletId}-u0";
                slot.Uids.Add(uid);
                await ExpectAsync(_model.LinkWristband(slot.WalletId, uid), Wallet(slot.WalletId).LinkWristband(uid), $"link {uid}");
            }

            var balance = _random.Next(0, 8) * 100;
            if (balance > 0)
            {
                await TopUpAsync(slot.WalletId, balance, NewTopUpId());
            }

            if (_random.NextDouble() < 0.15)
            {
                await ExpectAsync(_model.SetBlocked(slot.WalletId, true), Wallet(slot.WalletId).Block(), $"block {slot.WalletId}");
            }

            Log($"wallet {slot.WalletId}: uids [{string.Join(", ", slot.Uids)}], balance {_model.Wallet(slot.WalletId).Balance}{(_model.Wallet(slot.WalletId).Blocked ? ", blocked" : "")}");
        }

        if (_random.NextDouble() < 0.04)
        {
            // PINs are stretched with 600,000 rounds, so only a few seeds pay for one.
            var slot = _wallets[0];
            slot.Pin = "2468";
            await ExpectAsync(_model.SetPin(slot.WalletId, slot.Pin), Wallet(slot.WalletId).SetPin(slot.Pin), $"pin {slot.WalletId}");
            Log($"wallet {slot.WalletId}: PIN {slot.Pin}");
        }

        var deviceCount = _random.NextDouble() < 0.6 ? 1 : 2;
        for (var i = 0; i < deviceCount; i++)
        {
            long[] limits = [50, 100, 100, 200, 300];
            var max = _random.NextDouble() < 0.05 ? 0 : limits[_random.Next(limits.Length)];
            var deviceId = $"{_prefix}-d{i}";
            var enrolled = await Device(deviceId).Enroll("bar", max);
            if (enrolled.Outcome != EnrollOutcome.Enrolled)
            {
                throw new ModelMismatchException($"enroll {deviceId}: {enrolled.Outcome}");
            }

            var key = Convert.FromBase64String(enrolled.SigningKey!);
            _model.Devices[deviceId] = new ModelDevice(deviceId, key, max, DateTimeOffset.UtcNow);
            _terminals.Add(new Terminal(deviceId, key, max));
            Log($"device {deviceId}: offlineMaxPerWallet {max}");
        }

        // Sales are stamped around this instant: after every enrollment, and minutes before the last batch arrives.
        _base = DateTimeOffset.UtcNow;
    }

    // ---- comparisons ----

    private async Task CompareViewsAsync(bool exact = false)
    {
        foreach (var slot in _wallets)
        {
            var view = await Wallet(slot.WalletId).GetView();
            var wallet = _model.Wallet(slot.WalletId);
            if (!wallet.Exists)
            {
                Check(view is null, $"wallet {slot.WalletId} was never created, but has a view");
                continue;
            }

            Check(view is not null, $"wallet {slot.WalletId} has no view");
            if (_lagging.ContainsKey(slot.WalletId) && !exact)
            {
                // A stale writer appended behind this activation's back: its reads may lag until it writes or reactivates.
                continue;
            }

            var flags = new List<WalletFlag>();
            if (wallet.Overdrawn)
            {
                flags.Add(WalletFlag.Overdrawn);
            }

            if (wallet.SpentWhileBlocked)
            {
                flags.Add(WalletFlag.SpentWhileBlocked);
            }

            var expected = $"balance {wallet.Balance}, {(wallet.Blocked ? WalletStatus.Blocked : WalletStatus.Active)}, flags [{string.Join(",", flags)}]";
            var actual = $"balance {view!.Balance}, {view.Status}, flags [{string.Join(",", view.Flags.Order())}]";
            Check(expected == actual, $"wallet {slot.WalletId}: model {expected}; system {actual}");
        }

        foreach (var terminal in _terminals)
        {
            var view = await Device(terminal.DeviceId).GetView();
            Check(view is not null, $"device {terminal.DeviceId} has no view");
            var device = _model.Devices[terminal.DeviceId];
            var status = device.Revoked ? DeviceStatus.Revoked : DeviceStatus.Active;
            Check(view!.Status == status, $"device {terminal.DeviceId}: model {status}; system {view.Status}");
            CheckAckedThrough(device, view.AckedThrough, "view");
            if (!device.HasOutOfBandSeqs)
            {
                var gaps = string.Join(",", device.Gaps());
                Check(gaps == string.Join(",", view.Gaps), $"device {terminal.DeviceId} gaps: model [{gaps}]; system [{string.Join(",", view.Gaps)}]");
            }
        }
    }

    /// <summary>
    /// Exact, unless stale activations decided seqs through the wallets alone: then the device may learn of them
    /// late, but must never count a seq nothing decided.
    /// </summary>
    private void CheckAckedThrough(ModelDevice device, long actual, string where)
    {
        var upper = device.AckedThrough();
        var lower = device.AckedThrough(includeOutOfBand: false);
        Check(actual >= lower && actual <= upper,
            lower == upper
                ? $"device {device.DeviceId} ackedThrough ({where}): model {upper}; system {actual}"
                : $"device {device.DeviceId} ackedThrough ({where}): model between {lower} and {upper}; system {actual}");
    }

    private async Task FinishAsync()
    {
        // Whatever stale writers left behind, a fresh activation reads the store: now every view must be exact.
        foreach (var slot in _wallets)
        {
            await Deactivate(Wallet(slot.WalletId));
        }

        _lagging.Clear();
        _step++;
        Log("end: wallets reactivated");
        await CompareViewsAsync(exact: true);
        await CompareHistoriesAsync();
        await CompareReviewQueueAsync();
    }

    /// <summary>Every charge in the wallets' histories is one the model made, once, on one wallet only.</summary>
    private async Task CompareHistoriesAsync()
    {
        var charged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slot in _wallets.Where(s => _model.Wallet(s.WalletId).Exists))
        {
            var entries = new List<WalletEntry>();
            for (long? after = 0; after is { } position;)
            {
                var page = await Wallet(slot.WalletId).GetHistory(position, LedgerLimits.MaxHistoryPageSize);
                entries.AddRange(page!.Entries);
                after = page.Next;
            }

            var charges = entries.Where(e => e.Kind == EntryKind.Charge).ToList();
            foreach (var charge in charges)
            {
                Check(charged.TryAdd(charge.TxId, slot.WalletId), $"{charge.TxId} is charged to {slot.WalletId} and to {charged.GetValueOrDefault(charge.TxId)}");
            }

            var expected = string.Join(" ", _model.Wallet(slot.WalletId).Charges.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));
            var actual = string.Join(" ", charges.OrderBy(c => c.TxId, StringComparer.Ordinal).Select(c => $"{c.TxId}={-c.Amount}"));
            Check(expected == actual, $"wallet {slot.WalletId} charges: model [{expected}]; system [{actual}]");
            var chain = await Wallet(slot.WalletId).VerifyChain();
            Check(chain.IsValid, $"wallet {slot.WalletId} chain: {chain.Problem}");
        }
    }

    private async Task CompareReviewQueueAsync()
    {
        var items = await ReviewItemsAfterAsync(_reviewQueueStart);
        foreach (var terminal in _terminals)
        {
            var held = items.Where(i => i.Held.DeviceId == terminal.DeviceId).ToList();
            var expected = string.Join("; ", _model.Devices[terminal.DeviceId].Reviews.Select(r =>
                $"{r.Key} {r.Value.Content.WalletId} {r.Value.Content.Amount} {r.Value.Content.CreatedAt} {r.Value.Reason} {r.Value.Status}"));
            var actual = string.Join("; ", held.OrderBy(i => i.Held.Seq).Select(i =>
                $"{i.Held.Seq} {i.Held.WalletId} {i.Held.Amount} {i.Held.CreatedAt} {i.Held.Reason} {i.Status}"));
            Check(expected == actual, $"review queue of {terminal.DeviceId}: model [{expected}]; system [{actual}]");
        }
    }

    /// <summary>The festival's review queue after a position (it only grows), so a seed reads only what was held since it began.</summary>
    private async Task<List<ReviewItem>> ReviewItemsAfterAsync(long position)
    {
        var items = new List<ReviewItem>();
        for (long? after = position; after is { } next;)
        {
            var page = await Review.List(next, IReviewQueueGrain.MaxPageSize);
            items.AddRange(page.Items);
            after = page.Next;
        }

        return items;
    }

    private async Task<long> ReviewQueueEndAsync()
    {
        var known = Interlocked.Read(ref _reviewQueueKnownEnd);
        var end = (await ReviewItemsAfterAsync(known)).Select(i => i.Position).DefaultIfEmpty(known).Max();
        InterlockedMax(ref _reviewQueueKnownEnd, end);
        return end;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var current = Interlocked.Read(ref target); value > current; current = Interlocked.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ModelMismatchException(problem);
        }
    }

    private async Task ExpectAsync<T>(T expected, Task<T> actual, string what)
    {
        var answer = await actual;
        Check(EqualityComparer<T>.Default.Equals(expected, answer), $"{what}: model {expected}; system {answer}");
    }

    private static void CompareOnline(OnlineAnswer expected, ChargeResult actual, string txId, string what)
    {
        var same = actual.TxId == txId
            && actual.Outcome == expected.Outcome
            && actual.Reason == expected.Reason
            && (expected.Balance is null || actual.Balance == expected.Balance)
            && actual.Duplicate == expected.Duplicate
            && (expected.ConflictField is null || actual.ConflictField == expected.ConflictField);
        var system = new OnlineAnswer(actual.Outcome, actual.Reason, actual.Balance, actual.Duplicate, actual.ConflictField);
        Check(same, $"{what}: model {expected}; system {system}");
    }

    private static string Describe(OfflineChargeResult result) => new OfflineAnswer(result.Status, result.Reason).ToString();

    // ---- grains and helpers ----

    private IWalletGrain Wallet(string walletId) => _grains.GetGrain<IWalletGrain>(walletId);

    private IPosDeviceGrain Device(string deviceId) => _grains.GetGrain<IPosDeviceGrain>(deviceId);

    private IReviewQueueGrain Review => _grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All);

    private static async Task Deactivate(IAddressable grain) => await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

    private string NewTopUpId()
    {
        var id = $"{_prefix}-t{_topUpIds.Count}";
        _topUpIds.Add(id);
        return id;
    }

    private async Task TopUpAsync(string walletId, long amount, string topUpId)
    {
        var expected = _model.TopUp(topUpId, walletId, amount);
        var actual = await _grains.TopUpAsync(walletId, amount, topUpId);
        // A duplicate writes nothing, so its balance is a read: from an activation written behind its back, it may lag.
        var lagging = expected.Outcome == TopUpOutcome.Duplicate && _lagging.ContainsKey(walletId);
        var same = actual.Outcome == expected.Outcome && (expected.Balance is null || lagging || actual.Balance == expected.Balance);
        Check(same, $"top-up {topUpId} {walletId} {amount}: model {expected}; system {actual.Outcome} balance={actual.Balance}");
        Log($"top-up {topUpId} {walletId} {amount} → {expected.Outcome}{(expected.Balance is { } b ? $" balance={b}" : "")}");
    }

    private string At(TimeSpan offset) => WireTime.Format(_base + offset);

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private bool Chance(double probability) => _random.NextDouble() < probability;
}
