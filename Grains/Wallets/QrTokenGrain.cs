using System.Security.Cryptography;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Keys;
using FestivalPos.Storage;
using FestivalPos.Wire;

namespace FestivalPos.Grains.Wallets;

/// <summary>Owns the QR signing key: created at first use, kept in the ledger, the same for every silo.</summary>
public sealed class QrTokenGrain(IEventStore store, TimeProvider time, KeyRing keys) : Grain, IQrTokenGrain
{
    /// <summary>The ECDSA P-256 private key, PKCS#8, wrapped under the master key.</summary>
    private EventStream<FirstValueState<string>, ValueSet<string>> _privateKey = null!;
    private ECDsa? _key;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _privateKey = FirstValueStream.Open<string>(store, keys.Chain, $"qr/signing-key/{this.GetPrimaryKeyString()}");
        return _privateKey.RefreshAsync();
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

        var pkcs8 = await _privateKey.GetOrCreateKeyAsync(keys, "qr/signing-key", NewPrivateKey, time.GetUtcNow());
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        return _key = key;
    }

    private static byte[] NewPrivateKey()
    {
        using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return fresh.ExportPkcs8PrivateKey();
    }
}
