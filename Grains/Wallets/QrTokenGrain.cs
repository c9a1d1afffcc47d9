using System.Security.Cryptography;
using System.Text.Json.Serialization;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Grains.Wallets;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(QrKeyCreated), "qrKeyCreated")]
public abstract record QrKeyEvent(DateTimeOffset RecordedAt);

/// <summary>The ECDSA P-256 private key (PKCS#8, base64) that signs wallet QR tokens.</summary>
public sealed record QrKeyCreated(string PrivateKey, DateTimeOffset RecordedAt) : QrKeyEvent(RecordedAt);

public sealed class QrKeyState : IStreamState<QrKeyEvent>
{
    public string? PrivateKey { get; private set; }

    public void Apply(QrKeyEvent @event, long version, string hash) =>
        PrivateKey ??= @event is QrKeyCreated created ? created.PrivateKey : throw new InvalidOperationException("Unknown QR key event.");
}

/// <summary>Owns the QR signing key: created at first use, kept in the ledger, the same for every silo.</summary>
public sealed class QrTokenGrain(IEventStore store, TimeProvider time) : Grain, IQrTokenGrain
{
    private EventStream<QrKeyState, QrKeyEvent> _stream = null!;
    private ECDsa? _key;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stream = new EventStream<QrKeyState, QrKeyEvent>(store, $"qr/signing-key/{this.GetPrimaryKeyString()}", new QrKeyState());
        return _stream.RefreshAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _key?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<IssuedQrToken> Issue(string walletId)
    {
        var key = await KeyAsync();
        var expiresAt = time.GetUtcNow().AddSeconds(IQrTokenGrain.LifetimeSeconds);
        return new IssuedQrToken(QrToken.Create(key, walletId, expiresAt), expiresAt);
    }

    public async Task<string> GetPublicKey() => Convert.ToBase64String((await KeyAsync()).ExportSubjectPublicKeyInfo());

    private async Task<ECDsa> KeyAsync()
    {
        if (_key is not null)
        {
            return _key;
        }

        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var candidate = Convert.ToBase64String(fresh.ExportPkcs8PrivateKey());
        var stored = await _stream.DecideAsync(state => state.PrivateKey is { } existing
            ? Decision<QrKeyEvent, string>.Answer(existing)
            : new([new QrKeyCreated(candidate, time.GetUtcNow())], candidate));
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(stored), out _);
        return _key = key;
    }
}
