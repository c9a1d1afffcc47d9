using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.AspNetCore.DataProtection;

namespace FestivalPos.Gateway.Api.Console;

/// <summary>
/// Protects the console's cookies and form tokens with one key every gateway of the cluster shares, so a browser
/// signed in through one gateway is signed in at all of them (the gateway app scales out without session
/// affinity) and a restart signs nobody out. The key is a <see cref="ITokenSigningKeyGrain"/> set of its own
/// (<see cref="ITokenSigningKeyGrain.Console"/>): kept in the ledger only wrapped by the master key, read once per gateway. Each
/// purpose chain gets its own AES-256-GCM key, derived with HKDF; a payload is the key id, a nonce, the ciphertext
/// and the tag, so a changed byte, another purpose or another cluster's key fails to unprotect.
/// </summary>
public sealed class ClusterDataProtection(IGrainFactory grains) : IDataProtectionProvider
{
    private const int KeyIdLength = 16;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private ClusterKey? _key;

    public IDataProtector CreateProtector(string purpose) => new Protector(this, [purpose]);

    /// <summary>
    /// The shared key, read from the cluster at the first use. Protect and Unprotect are synchronous, so that first
    /// read blocks its request; the silo's grain call timeout bounds it.
    /// </summary>
    private ClusterKey Key()
    {
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }

        _loading.Wait();
        try
        {
            if (_key is null)
            {
                var keys = grains.Reference<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Console).GetKeys(TimeSpan.Zero).GetAwaiter().GetResult();
                Volatile.Write(ref _key, new ClusterKey(Encoding.ASCII.GetBytes(keys.Current.KeyId), Convert.FromBase64String(keys.Current.Key)));
            }

            return _key!;
        }
        finally
        {
            _loading.Release();
        }
    }

    private sealed record ClusterKey(byte[] Id, byte[] Secret);

    private sealed class Protector(ClusterDataProtection provider, string[] purposes) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => new Protector(provider, [.. purposes, purpose]);

        public byte[] Protect(byte[] plaintext)
        {
            var key = provider.Key();
            var payload = new byte[KeyIdLength + NonceLength + plaintext.Length + TagLength];
            key.Id.CopyTo(payload, 0);
            var nonce = payload.AsSpan(KeyIdLength, NonceLength);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(Derive(key), TagLength);
            aes.Encrypt(nonce, plaintext, payload.AsSpan(KeyIdLength + NonceLength, plaintext.Length), payload.AsSpan(payload.Length - TagLength), key.Id);
            return payload;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            var key = provider.Key();
            if (protectedData.Length < KeyIdLength + NonceLength + TagLength || !protectedData.AsSpan(0, KeyIdLength).SequenceEqual(key.Id))
            {
                throw new CryptographicException("The payload was not protected with this cluster's console key.");
            }

            var plaintext = new byte[protectedData.Length - KeyIdLength - NonceLength - TagLength];
            using var aes = new AesGcm(Derive(key), TagLength);
            aes.Decrypt(protectedData.AsSpan(KeyIdLength, NonceLength), protectedData.AsSpan(KeyIdLength + NonceLength, plaintext.Length),
                protectedData.AsSpan(protectedData.Length - TagLength), plaintext, key.Id);
            return plaintext;
        }

        /// <summary>A key per purpose chain: each purpose length-prefixed, so no two chains give the same info.</summary>
        private byte[] Derive(ClusterKey key)
        {
            var info = new List<byte>();
            foreach (var purpose in purposes)
            {
                var bytes = Encoding.UTF8.GetBytes(purpose);
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                info.AddRange(length);
                info.AddRange(bytes);
            }

            return HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Secret, 32, salt: [], info: [.. info]);
        }
    }
}
