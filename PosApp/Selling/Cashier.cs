using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;
using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Selling;

/// <summary>
/// Rings up a sale: its seq and outbox row are committed first; then online through the gateway
/// when it answers, otherwise offline under the same seq within the wallet's allowance, signed and queued.
/// </summary>
public sealed class Cashier(Enrollment enrollment, Outbox outbox, OfflineSnapshotStore snapshot, GatewayClient gateway, TimeProvider time)
{
    private readonly OfflineCredentialCheck _credentials = new(enrollment.SnapshotKey, time);

    /// <summary>Raised after a sale was queued for the next batch (the sync engine listens).</summary>
    public event Action? Queued;

    /// <summary>Raised when the gateway answered a charge: the network is there, so the sync need not wait out its backoff.</summary>
    public event Action? GatewayAnswered;

    /// <summary>Raised with one line when a sale is written under its seq, before it is sent or shown (<c>--progress</c>).</summary>
    public event Action<string>? Progress;

    public async Task<SaleResult> SellAsync(SaleRequest request, bool forceOffline = false, CancellationToken cancellation = default)
    {
        var walletId = request.WalletId ?? await WalletOfAsync(request.Credential);
        if (walletId is null)
        {
            return Declined(null, request, request.Credential.Type == Credential.Qr ? "badCredential" : "unknownWristband");
        }

        var sale = new NewSale(walletId, request.Amount, Wire.WireTime.Format(time.GetUtcNow()), request.Credential.Type, request.Credential.Value, request.Items,
            forceOffline ? SaleModes.Offline : SaleModes.Online, request.Lines, request.SaleKey);
        if (forceOffline)
        {
            return await SellOfflineAsync(sale, request);
        }

        // The cashier holds the sale from here until it records the answer, sells it offline, withdraws it or hands it to the sync.
        var (entry, _) = await outbox.AddAsync(sale, Sign(sale));
        try
        {
            ReportProgress(entry!);
            return await SellOnlineAsync(entry!, request, cancellation);
        }
        catch
        {
            await outbox.ReleaseAsync(entry!);
            throw;
        }
    }

    private async Task<SaleResult> SellOnlineAsync(OutboxEntry entry, SaleRequest request, CancellationToken cancellation)
    {
        var outcome = await gateway.ChargeAsync(entry, cancellation);
        if (outcome.Kind is OnlineOutcomeKind.Answered or OnlineOutcomeKind.WalletNotFound)
        {
            GatewayAnswered?.Invoke();
        }

        return outcome.Kind switch
        {
            OnlineOutcomeKind.Answered => await RecordAnswerAsync(entry, outcome.Answer!),
            OnlineOutcomeKind.WalletNotFound => await RecordRefusalAsync(entry, "unknownWallet"),
            OnlineOutcomeKind.Refused => await RecordRefusalAsync(entry, outcome.Problem ?? "refused"),
            _ => await FallBackOfflineAsync(entry, request, outcome.Kind == OnlineOutcomeKind.NotSent),
        };
    }

    private async Task<SaleResult> SellOfflineAsync(NewSale sale, SaleRequest request)
    {
        var (wallet, refusal) = await CheckOfflineAsync(sale.WalletId, request.Credential);
        if (refusal is not null)
        {
            return Declined(sale.WalletId, request, refusal);
        }

        var (entry, guardRefusal) = await outbox.AddAsync(sale, Sign(sale), AllowanceGuard(wallet!, sale.Amount, exceptSeq: 0));
        if (entry is null)
        {
            return Declined(sale.WalletId, request, guardRefusal);
        }

        ReportProgress(entry);
        Queued?.Invoke();
        return new SaleResult(SaleVerdict.Approved, entry.Seq, SaleModes.Offline, entry.WalletId, entry.Amount, null, null);
    }

    /// <summary>
    /// The gateway did not answer. Within the allowance the same seq is sold offline; otherwise a request
    /// that never left is withdrawn (its seq reused), and one that may have arrived goes to the sync to be settled.
    /// Only a sale the cashier still held, and switched, is approved offline.
    /// </summary>
    private async Task<SaleResult> FallBackOfflineAsync(OutboxEntry entry, SaleRequest request, bool neverSent)
    {
        var (wallet, refusal) = await CheckOfflineAsync(entry.WalletId, request.Credential);
        refusal ??= await outbox.SwitchToOfflineAsync(entry, AllowanceGuard(wallet!, entry.Amount, entry.Seq));
        if (refusal is null)
        {
            Queued?.Invoke();
            return new SaleResult(SaleVerdict.Approved, entry.Seq, SaleModes.Offline, entry.WalletId, entry.Amount, null, null);
        }

        if (neverSent && await outbox.WithdrawAsync(entry))
        {
            return Declined(entry.WalletId, request, refusal);
        }

        await outbox.ReleaseAsync(entry);
        Queued?.Invoke();
        return new SaleResult(SaleVerdict.Unconfirmed, entry.Seq, SaleModes.Online, entry.WalletId, entry.Amount, refusal, null);
    }

    private async Task<(SnapshotWallet? Wallet, string? Refusal)> CheckOfflineAsync(string walletId, Credential credential)
    {
        if (await snapshot.FindAsync(walletId) is not { } wallet)
        {
            return (null, "unknownWalletOffline");
        }

        var refusal = _credentials.Refusal(wallet, credential, await snapshot.QrPublicKeyAsync(), await snapshot.SunWristbandsOnlyAsync());
        return (wallet, refusal ?? (wallet.IsBlocked() ? "walletBlocked" : null));
    }

    private Func<SqliteConnection, SqliteTransaction, string?> AllowanceGuard(SnapshotWallet wallet, long amount, long exceptSeq) => (connection, transaction) =>
    {
        var spent = Outbox.UnreflectedSpend(connection, transaction, wallet.WalletId, exceptSeq);
        return amount <= Allowance.Remaining(wallet.Balance, spent, enrollment.MaxPerWallet) ? null : "offlineAllowanceExceeded";
    };

    private async Task<SaleResult> RecordAnswerAsync(OutboxEntry entry, PaymentResponse answer)
    {
        var approved = answer.Status == SaleStates.Approved;
        await outbox.RecordAsync([new Settlement(entry, approved ? SaleStates.Approved : SaleStates.Declined, answer.Reason, answer.Balance)], SaleOwner.Cashier);
        return new SaleResult(approved ? SaleVerdict.Approved : SaleVerdict.Declined, entry.Seq, SaleModes.Online, entry.WalletId, entry.Amount, answer.Reason, answer.Balance);
    }

    private async Task<SaleResult> RecordRefusalAsync(OutboxEntry entry, string reason)
    {
        await outbox.RecordAsync([new Settlement(entry, SaleStates.Rejected, reason)], SaleOwner.Cashier);
        return new SaleResult(SaleVerdict.Declined, entry.Seq, SaleModes.Online, entry.WalletId, entry.Amount, reason, null);
    }

    /// <summary>The wallet a wristband is linked to, or a QR token names (when the snapshot's key verifies it), as far as the snapshot knows.</summary>
    private async Task<string?> WalletOfAsync(Credential credential)
    {
        if (credential.WristbandUid is { } uid)
        {
            return await snapshot.WalletOfUidDigestAsync(Wire.UidDigest.Compute(enrollment.SnapshotKey, uid));
        }

        if (credential.Type != Credential.Qr || await snapshot.QrPublicKeyAsync() is not { } qrPublicKey)
        {
            return null;
        }

        using var key = Wire.QrToken.PublicKey(qrPublicKey);
        return Wire.QrToken.Read(key, credential.Value)?.WalletId;
    }

    private Func<long, string> Sign(NewSale sale) => seq =>
        Wire.OfflineSignature.Sign(enrollment.SigningKey, enrollment.DeviceId, seq, sale.WalletId, sale.Amount, sale.CreatedAt, sale.CredentialType, sale.CredentialValue);

    private void ReportProgress(OutboxEntry entry) => Progress?.Invoke(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"progress sale seq={entry.Seq} mode={entry.Mode} wallet={entry.WalletId} amount={entry.Amount}"));

    private static SaleResult Declined(string? walletId, SaleRequest request, string? reason) =>
        new(SaleVerdict.Declined, null, null, walletId, request.Amount, reason, null);
}
