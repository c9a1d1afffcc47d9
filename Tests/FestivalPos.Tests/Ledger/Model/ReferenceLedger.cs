using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Tests.Ledger.Model;

/// <summary>What a seq binds (API.md: walletId, amount, createdAt, credential type and value).</summary>
public sealed record SaleContent(string WalletId, long Amount, string CreatedAt, CredentialType CredentialType, string CredentialValue)
{
    /// <summary>The first field, in API order, in which <paramref name="other"/> differs; null when the content is the same.</summary>
    public string? FirstDifference(SaleContent other) =>
        WalletId != other.WalletId ? "walletId"
        : Amount != other.Amount ? "amount"
        : CreatedAt != other.CreatedAt ? "createdAt"
        : CredentialType != other.CredentialType ? "credential.type"
        : CredentialValue != other.CredentialValue ? "credential.value"
        : null;

    public DateTimeOffset SoldAt => DateTimeOffset.ParseExact(CreatedAt, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override string ToString() => $"{WalletId} {Amount} {CreatedAt} {CredentialType}:{Abbreviated(CredentialValue)}";

    private static string Abbreviated(string value) => value.Length <= 24 ? value : $"{value[..10]}…{value[^6..]}";
}

/// <summary>An offline transaction as the model sees it: a seq, its content and the signature it came with.</summary>
public sealed record ModelSale(long Seq, SaleContent Content, string Signature);

/// <summary>An online answer. A null balance is not compared (API.md gives none for 404 and 409).</summary>
public sealed record OnlineAnswer(ChargeOutcome Outcome, DeclineReason? Reason = null, long? Balance = null, bool Duplicate = false, string? ConflictField = null)
{
    public override string ToString() =>
        $"{Outcome}{(Reason is { } r ? $":{r}" : "")}{(Balance is { } b ? $" balance={b}" : "")}{(Duplicate ? " (repeat)" : "")}{(ConflictField is { } f ? $" field={f}" : "")}";
}

public sealed record OfflineAnswer(OfflineStatus Status, OfflineRejectReason? Reason = null)
{
    public static readonly OfflineAnswer Applied = new(OfflineStatus.Applied);
    public static readonly OfflineAnswer Duplicate = new(OfflineStatus.Duplicate);

    public static OfflineAnswer Rejected(OfflineRejectReason reason) => new(OfflineStatus.Rejected, reason);

    public override string ToString() => Reason is { } reason ? $"{Status}:{reason}" : $"{Status}";
}

public sealed record TopUpAnswer(TopUpOutcome Outcome, long? Balance);

public sealed class ModelWallet(string walletId)
{
    public string WalletId => walletId;

    public bool Exists { get; set; }

    public long Balance { get; private set; }

    public bool Blocked { get; set; }

    public bool Overdrawn { get; private set; }

    public bool SpentWhileBlocked { get; set; }

    public HashSet<string> Uids { get; } = new(StringComparer.Ordinal);

    public string? Pin { get; set; }

    public int WrongPins { get; set; }

    public bool PinLocked => WrongPins >= ReferenceLedger.MaxWrongPins;

    /// <summary>What each device applied offline to this wallet (review approvals included).</summary>
    public Dictionary<string, long> OfflineByDevice { get; } = new(StringComparer.Ordinal);

    /// <summary>Every charge that moved money, by txId: what the wallet's history must hold, once each.</summary>
    public Dictionary<string, long> Charges { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts the wallet's events; a step that changes it went through the wallet's stream.</summary>
    public int Events { get; private set; }

    public void Charge(string txId, long amount, string? offlineDeviceId)
    {
        Balance -= amount;
        Overdrawn |= Balance < 0;
        SpentWhileBlocked |= offlineDeviceId is not null && Blocked;
        Charges.Add(txId, amount);
        if (offlineDeviceId is not null)
        {
            OfflineByDevice[offlineDeviceId] = OfflineByDevice.GetValueOrDefault(offlineDeviceId) + amount;
        }

        Events++;
    }

    public void Credit(long amount)
    {
        Balance += amount;
        Overdrawn &= Balance < 0;
        Events++;
    }

    public void Touch() => Events++;
}

public sealed class ModelToken(string token, string walletId, DateTimeOffset expiresAt)
{
    public string Token => token;

    public string WalletId => walletId;

    public DateTimeOffset ExpiresAt => expiresAt;

    /// <summary>API.md: a QR token pays for at most one charge.</summary>
    public bool Used { get; set; }
}

/// <summary>A decided seq: the content it is bound to, its first online answer and its first offline answer.</summary>
public sealed class ModelSeq(SaleContent content)
{
    public SaleContent Content => content;

    public OnlineAnswer? Online { get; set; }

    public OfflineAnswer? Offline { get; set; }

    /// <summary>The balance right after the seq was applied offline (what a later online repeat reports).</summary>
    public long AppliedBalance { get; set; }

    /// <summary>Decided by a stale activation through the wallet alone: the device may learn of it only later.</summary>
    public bool OutOfBand { get; set; }

    public bool ApprovedOnline => Online?.Outcome == ChargeOutcome.Approved;

    /// <summary>Declined online and not yet settled offline: API.md's "a seq declined online, then sold offline".</summary>
    public bool DeclinedOnlineOnly => Online?.Outcome == ChargeOutcome.Declined && Offline is null;

    public bool MovedMoney => ApprovedOnline || Offline?.Status == OfflineStatus.Applied;
}

public sealed class ModelReview(SaleContent content, OfflineRejectReason reason)
{
    public SaleContent Content => content;

    public OfflineRejectReason Reason => reason;

    public ReviewStatus Status { get; set; } = ReviewStatus.Pending;

    /// <summary>API.md: entries refused for badSignature, conflict or unknownWallet cannot be approved.</summary>
    public bool Approvable => reason is not (OfflineRejectReason.BadSignature or OfflineRejectReason.Conflict or OfflineRejectReason.UnknownWallet);
}

public sealed class ModelDevice(string deviceId, byte[] signingKey, long offlineMaxPerWallet, DateTimeOffset enrolledAt)
{
    public string DeviceId => deviceId;

    public byte[] SigningKey => signingKey;

    public long OfflineMaxPerWallet => offlineMaxPerWallet;

    public DateTimeOffset EnrolledAt => enrolledAt;

    public bool Revoked { get; set; }

    public SortedDictionary<long, ModelSeq> Seqs { get; } = [];

    /// <summary>The review queue's entries of this device, by seq: the first refusal of each seq.</summary>
    public SortedDictionary<long, ModelReview> Reviews { get; } = [];

    public bool HasOutOfBandSeqs => Seqs.Values.Any(s => s.OutOfBand);

    /// <summary>API.md: the highest seq such that every seq from 1 up to it has been decided.</summary>
    public long AckedThrough(bool includeOutOfBand = true)
    {
        var acked = 0L;
        while (Seqs.TryGetValue(acked + 1, out var seq) && (includeOutOfBand || !seq.OutOfBand))
        {
            acked++;
        }

        return acked;
    }

    /// <summary>API.md: the undecided seqs below the highest one decided.</summary>
    public long[] Gaps()
    {
        var highest = Seqs.Count == 0 ? 0 : Seqs.Keys.Max();
        return [.. Enumerable.Range(1, (int)Math.Max(0, highest - 1)).Select(i => (long)i).Where(seq => !Seqs.ContainsKey(seq))];
    }
}

/// <summary>
/// A small reference model of API.md 1.1 for wallets, POS devices and the review queue, written from the
/// contract's wording alone: online decline reasons in their order, the offline checks 1 to 7 in their order,
/// "a seq declined online, then sold offline", one-time QR tokens, the review queue and ackedThrough.
/// Deliberately naive (dictionaries, linear scans), so that it is easy to check against the text.
/// </summary>
public sealed class ReferenceLedger
{
    public const int MaxWrongPins = 5;
    public const long PerDeviceWalletFactor = 4;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan BeforeEnrollment = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan AfterArrival = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string> _uidOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string WalletId, long Amount)> _topUps = new(StringComparer.Ordinal);

    public Dictionary<string, ModelWallet> Wallets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelDevice> Devices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ModelToken> Tokens { get; } = new(StringComparer.Ordinal);

    public ModelWallet Wallet(string walletId)
    {
        if (!Wallets.TryGetValue(walletId, out var wallet))
        {
            Wallets[walletId] = wallet = new ModelWallet(walletId);
        }

        return wallet;
    }

    public static string TxId(string deviceId, long seq) => $"{deviceId}:{seq}";

    // ---- organizer and top-up provider ----

    public WalletCommandOutcome Create(string walletId)
    {
        var wallet = Wallet(walletId);
        if (wallet.Exists)
        {
            return WalletCommandOutcome.AlreadyExists;
        }

        wallet.Exists = true;
        wallet.Touch();
        return WalletCommandOutcome.Done;
    }

    public WalletCommandOutcome LinkWristband(string walletId, string uid)
    {
        var wallet = Wallet(walletId);
        if (!wallet.Exists)
        {
            return WalletCommandOutcome.WalletNotFound;
        }

        if (_uidOwners.TryGetValue(uid, out var owner) && owner != walletId)
        {
            return WalletCommandOutcome.WristbandTaken;
        }

        _uidOwners[uid] = walletId;
        if (wallet.Uids.Add(uid))
        {
            wallet.Touch();
        }

        return WalletCommandOutcome.Done;
    }

    public WalletCommandOutcome SetPin(string walletId, string pin)
    {
        var wallet = Wallet(walletId);
        if (!wallet.Exists)
        {
            return WalletCommandOutcome.WalletNotFound;
        }

        wallet.Pin = pin;
        wallet.WrongPins = 0;
        wallet.Touch();
        return WalletCommandOutcome.Done;
    }

    public WalletCommandOutcome SetBlocked(string walletId, bool blocked)
    {
        var wallet = Wallet(walletId);
        if (!wallet.Exists)
        {
            return WalletCommandOutcome.WalletNotFound;
        }

        if (wallet.Blocked != blocked)
        {
            wallet.Blocked = blocked;
            wallet.Touch();
        }

        // DESIGN.md via the README: an organizer unblocking the wallet clears spentWhileBlocked.
        wallet.SpentWhileBlocked &= blocked;
        return WalletCommandOutcome.Done;
    }

    /// <summary>API.md "Top-up provider": the same topupId again is a duplicate; with another wallet or amount, 409.</summary>
    public TopUpAnswer TopUp(string topUpId, string walletId, long amount)
    {
        var wallet = Wallet(walletId);
        if (_topUps.TryGetValue(topUpId, out var first))
        {
            return first == (walletId, amount) ? new TopUpAnswer(TopUpOutcome.Duplicate, wallet.Balance) : new TopUpAnswer(TopUpOutcome.Conflict, null);
        }

        if (!wallet.Exists)
        {
            return new TopUpAnswer(TopUpOutcome.WalletNotFound, null);
        }

        _topUps[topUpId] = (walletId, amount);
        wallet.Credit(amount);
        return new TopUpAnswer(TopUpOutcome.Applied, wallet.Balance);
    }

    public ModelToken IssueToken(string token, string walletId, DateTimeOffset expiresAt) => Tokens[token] = new ModelToken(token, walletId, expiresAt);

    public void Revoke(string deviceId) => Devices[deviceId].Revoked = true;

    // ---- online charges ----

    /// <summary>API.md "Online charge", through the device.</summary>
    public OnlineAnswer ChargeOnline(string deviceId, long seq, SaleContent content, DateTimeOffset now)
    {
        var device = Devices[deviceId];
        if (device.Revoked)
        {
            return new OnlineAnswer(ChargeOutcome.DeviceRevoked);
        }

        if (device.Seqs.TryGetValue(seq, out var decided))
        {
            return RepeatOnline(decided, content);
        }

        var wallet = Wallet(content.WalletId);
        if (!wallet.Exists)
        {
            device.Seqs[seq] = new ModelSeq(content) { Online = new OnlineAnswer(ChargeOutcome.WalletNotFound) };
            return new OnlineAnswer(ChargeOutcome.WalletNotFound);
        }

        return DecideOnline(device, seq, content, wallet, now);
    }

    /// <summary>
    /// An online charge forwarded by a stale activation of the device, straight to its wallet: the same rules,
    /// but a 404 decides nothing (the stale activation's record of it is lost) and the live device may learn of
    /// the seq only later. Only asked for seqs whose same-content answer the wallet itself holds.
    /// </summary>
    public OnlineAnswer ChargeAtWallet(string deviceId, long seq, SaleContent content, DateTimeOffset now)
    {
        var device = Devices[deviceId];
        var wallet = Wallet(content.WalletId);
        if (!wallet.Exists)
        {
            return new OnlineAnswer(ChargeOutcome.WalletNotFound);
        }

        if (device.Seqs.TryGetValue(seq, out var decided))
        {
            return RepeatOnline(decided, content);
        }

        var answer = DecideOnline(device, seq, content, wallet, now);
        device.Seqs[seq].OutOfBand = true;
        return answer;
    }

    /// <summary>Whether the wallet named by a seq's content holds an answer for it (so a stale forward of the same content gets it).</summary>
    public static bool WalletHoldsAnswer(ModelSeq seq) =>
        seq.Online is { Outcome: ChargeOutcome.Approved or ChargeOutcome.Declined } || seq.Offline?.Status == OfflineStatus.Applied;

    /// <summary>
    /// A repeat of a decided seq online. API.md: the same body gets the first answer again, another body is 409.
    /// Where API.md is silent (a seq first settled offline and then sent online), the model expects what the
    /// repeat rule implies for the money: applied → approved, refused → 409.
    /// </summary>
    private static OnlineAnswer RepeatOnline(ModelSeq decided, SaleContent content)
    {
        if (decided.Content.FirstDifference(content) is { } field)
        {
            return new OnlineAnswer(ChargeOutcome.Conflict, ConflictField: field);
        }

        if (decided.Online?.Outcome == ChargeOutcome.WalletNotFound)
        {
            return decided.Online;
        }

        if (decided.Offline?.Status == OfflineStatus.Applied && !decided.ApprovedOnline)
        {
            // Declined online and then applied offline (or applied offline only): the seq moved money once; the
            // existing ledger tests fix this reading ("approved", a repeat), where a literal "first answer" would say declined.
            return new OnlineAnswer(ChargeOutcome.Approved, null, decided.AppliedBalance, Duplicate: true);
        }

        if (decided.Online is { } first)
        {
            return first with { Duplicate = true };
        }

        return new OnlineAnswer(ChargeOutcome.Conflict, ConflictField: "seq");
    }

    private OnlineAnswer DecideOnline(ModelDevice device, long seq, SaleContent content, ModelWallet wallet, DateTimeOffset now)
    {
        var token = content.CredentialType == CredentialType.Qr ? Tokens.GetValueOrDefault(content.CredentialValue) : null;
        var credentialHolds = content.CredentialType switch
        {
            CredentialType.Nfc => wallet.Uids.Contains(content.CredentialValue),
            CredentialType.Pin => wallet.Pin is not null && !wallet.PinLocked && wallet.Pin == content.CredentialValue,
            _ => token is not null && token.WalletId == wallet.WalletId && now <= token.ExpiresAt + ClockSkew && !token.Used,
        };
        DeclineReason? reason = !credentialHolds ? DeclineReason.BadCredential
            : wallet.Blocked ? DeclineReason.WalletBlocked
            : wallet.Overdrawn ? DeclineReason.WalletFlagged
            : wallet.Balance < content.Amount ? DeclineReason.InsufficientFunds
            : null;
        var decided = device.Seqs[seq] = new ModelSeq(content);
        if (reason is { } declined)
        {
            if (declined == DeclineReason.BadCredential && content.CredentialType == CredentialType.Pin && !wallet.PinLocked)
            {
                wallet.WrongPins++;
            }

            wallet.Touch();
            decided.Online = new OnlineAnswer(ChargeOutcome.Declined, declined, wallet.Balance);
            return decided.Online;
        }

        wallet.Charge(TxId(device.DeviceId, seq), content.Amount, offlineDeviceId: null);
        if (token is not null)
        {
            token.Used = true;
        }

        decided.Online = new OnlineAnswer(ChargeOutcome.Approved, null, wallet.Balance);
        return decided.Online;
    }

    // ---- offline batches ----

    /// <summary>API.md "Offline batch": each transaction in seq order (a batch's copies of one seq in the order sent).</summary>
    public OfflineAnswer[] Batch(string deviceId, IReadOnlyList<ModelSale> sales, DateTimeOffset arrival)
    {
        var device = Devices[deviceId];
        var answers = new OfflineAnswer[sales.Count];
        foreach (var index in Enumerable.Range(0, sales.Count).OrderBy(i => sales[i].Seq))
        {
            answers[index] = Settle(device, sales[index], arrival);
        }

        return answers;
    }

    private OfflineAnswer Settle(ModelDevice device, ModelSale sale, DateTimeOffset arrival)
    {
        var decided = device.Seqs.GetValueOrDefault(sale.Seq);
        var content = sale.Content;
        var wallet = Wallet(content.WalletId);
        if (!SignatureVerifies(device, sale))
        {
            return Refuse(device, sale, decided, OfflineRejectReason.BadSignature);
        }

        if (device.Revoked)
        {
            return Refuse(device, sale, decided, OfflineRejectReason.DeviceRevoked);
        }

        if (!wallet.Exists)
        {
            return Refuse(device, sale, decided, OfflineRejectReason.UnknownWallet);
        }

        if (decided is not null && decided.Content.FirstDifference(content) is not null)
        {
            return Refuse(device, sale, decided, OfflineRejectReason.Conflict);
        }

        // Checks 1 to 4 passed: a seq decided offline with this content gets its first offline answer again.
        if (decided?.Offline is { } first)
        {
            return first.Status == OfflineStatus.Rejected ? Refuse(device, sale, decided, first.Reason!.Value) : OfflineAnswer.Duplicate;
        }

        if (decided?.ApprovedOnline == true)
        {
            return OfflineAnswer.Duplicate;
        }

        // New, or declined online with this very content: checks 5 to 7.
        if (WalletRefusal(device, wallet, content, arrival) is { } refusal)
        {
            return Refuse(device, sale, decided, refusal);
        }

        Apply(device, sale.Seq, content, wallet, ref decided);
        return OfflineAnswer.Applied;
    }

    /// <summary>
    /// An offline sale forwarded by a stale activation of the device straight to its wallet: checks 3 to 7 (the
    /// stale activation verified the signature); a refusal there decides nothing, as only the device records refusals.
    /// Only asked for seqs not refused offline with this very content.
    /// </summary>
    public OfflineAnswer OfflineAtWallet(string deviceId, long seq, SaleContent content, DateTimeOffset arrival)
    {
        var device = Devices[deviceId];
        var wallet = Wallet(content.WalletId);
        var decided = device.Seqs.GetValueOrDefault(seq);
        if (!wallet.Exists)
        {
            return OfflineAnswer.Rejected(OfflineRejectReason.UnknownWallet);
        }

        if (decided is not null && decided.Content.FirstDifference(content) is not null)
        {
            return OfflineAnswer.Rejected(OfflineRejectReason.Conflict);
        }

        if (decided is not null && (decided.Offline?.Status == OfflineStatus.Applied || decided.ApprovedOnline))
        {
            return OfflineAnswer.Duplicate;
        }

        if (WalletRefusal(device, wallet, content, arrival) is { } refusal)
        {
            return OfflineAnswer.Rejected(refusal);
        }

        var wasNew = decided is null;
        Apply(device, seq, content, wallet, ref decided);
        if (wasNew)
        {
            decided!.OutOfBand = true;
        }

        return OfflineAnswer.Applied;
    }

    /// <summary>Checks 5 to 7 of API.md 1.1 (the hourly limit is not modelled: the amounts stay far below it).</summary>
    public OfflineRejectReason? WalletRefusal(ModelDevice device, ModelWallet wallet, SaleContent content, DateTimeOffset arrival)
    {
        var token = content.CredentialType == CredentialType.Qr ? Tokens.GetValueOrDefault(content.CredentialValue) : null;
        var credentialHolds = content.CredentialType switch
        {
            CredentialType.Nfc => wallet.Uids.Contains(content.CredentialValue),
            CredentialType.Pin => false,
            _ => token is not null && token.WalletId == wallet.WalletId && content.SoldAt <= token.ExpiresAt + ClockSkew,
        };
        if (!credentialHolds)
        {
            return OfflineRejectReason.BadCredential;
        }

        if (token?.Used == true)
        {
            return OfflineRejectReason.CredentialReused;
        }

        var max = device.OfflineMaxPerWallet;
        var overLimit = content.Amount > max
            || wallet.OfflineByDevice.GetValueOrDefault(device.DeviceId) + content.Amount > PerDeviceWalletFactor * max
            || content.SoldAt < device.EnrolledAt - BeforeEnrollment
            || content.SoldAt > arrival + AfterArrival;
        return overLimit ? OfflineRejectReason.OverLimit : null;
    }

    /// <summary>A refused transaction: rejected with the reason, decides its seq if nothing (but a decline of this content) did, kept for review.</summary>
    private static OfflineAnswer Refuse(ModelDevice device, ModelSale sale, ModelSeq? decided, OfflineRejectReason reason)
    {
        var decides = reason != OfflineRejectReason.Conflict
            && (decided is null || decided.DeclinedOnlineOnly && decided.Content.FirstDifference(sale.Content) is null);
        if (decides)
        {
            decided ??= device.Seqs[sale.Seq] = new ModelSeq(sale.Content);
            decided.Offline = OfflineAnswer.Rejected(reason);
        }

        device.Reviews.TryAdd(sale.Seq, new ModelReview(sale.Content, reason));
        return OfflineAnswer.Rejected(reason);
    }

    private void Apply(ModelDevice device, long seq, SaleContent content, ModelWallet wallet, ref ModelSeq? decided)
    {
        decided ??= device.Seqs[seq] = new ModelSeq(content);
        wallet.Charge(TxId(device.DeviceId, seq), content.Amount, device.DeviceId);
        if (content.CredentialType == CredentialType.Qr && Tokens.TryGetValue(content.CredentialValue, out var token))
        {
            token.Used = true;
        }

        decided.Offline = OfflineAnswer.Applied;
        decided.AppliedBalance = wallet.Balance;
    }

    /// <summary>API.md's signature, computed here from the contract's text rather than the production helper.</summary>
    public static string Sign(byte[] key, string deviceId, long seq, SaleContent content)
    {
        var type = content.CredentialType switch
        {
            CredentialType.Nfc => "nfc",
            CredentialType.Pin => "pin",
            _ => "qr",
        };
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{deviceId}|{seq}|{content.WalletId}|{content.Amount}|{content.CreatedAt}|{type}|{content.CredentialValue}");
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
    }

    private static bool SignatureVerifies(ModelDevice device, ModelSale sale) =>
        Sign(device.SigningKey, device.DeviceId, sale.Seq, sale.Content) == sale.Signature;

    // ---- review queue ----

    /// <summary>
    /// A stale activation of the device refused a transaction and held it for review: the seq is decided with
    /// that refusal. Only asked for seqs nothing decided yet.
    /// </summary>
    public void RefusedElsewhere(string deviceId, long seq, SaleContent content, OfflineRejectReason reason)
    {
        var device = Devices[deviceId];
        device.Seqs.Add(seq, new ModelSeq(content) { Offline = OfflineAnswer.Rejected(reason) });
        device.Reviews.TryAdd(seq, new ModelReview(content, reason));
    }

    /// <summary>API.md review approve: applies the held transaction once, whatever check or limit refused it.</summary>
    public ReviewOutcome Approve(string deviceId, long seq)
    {
        var device = Devices[deviceId];
        if (!device.Reviews.TryGetValue(seq, out var review))
        {
            return ReviewOutcome.NotFound;
        }

        if (!review.Approvable || review.Status == ReviewStatus.Dismissed)
        {
            return ReviewOutcome.Conflict;
        }

        if (review.Status == ReviewStatus.Pending)
        {
            review.Status = ReviewStatus.Approved;
            var decided = device.Seqs.GetValueOrDefault(seq);

            // Exactly once: a seq already applied (or bound to other content) moves nothing more.
            if (decided is not null && decided.Content.FirstDifference(review.Content) is null && decided.Offline?.Status == OfflineStatus.Rejected)
            {
                Apply(device, seq, review.Content, Wallet(review.Content.WalletId), ref decided);
            }
        }

        return ReviewOutcome.Done;
    }

    public ReviewOutcome Dismiss(string deviceId, long seq)
    {
        var device = Devices[deviceId];
        if (!device.Reviews.TryGetValue(seq, out var review))
        {
            return ReviewOutcome.NotFound;
        }

        if (review.Status == ReviewStatus.Approved)
        {
            return ReviewOutcome.Conflict;
        }

        review.Status = ReviewStatus.Dismissed;
        return ReviewOutcome.Done;
    }

    // ---- queries for the generator ----

    public string? OwnerOf(string uid) => _uidOwners.GetValueOrDefault(uid);

    public (string WalletId, long Amount)? TopUpOf(string topUpId) => _topUps.TryGetValue(topUpId, out var first) ? first : null;
}
