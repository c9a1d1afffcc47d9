using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace FestivalPos.Grains.Keys;

/// <summary>
/// The keys the ledger keeps, under one master secret that never enters the ledger (an owner-only file on one
/// machine, a Key Vault secret in Azure). Keys stored in the ledger are wrapped with AES-256-GCM under a key
/// derived for wrapping, bound to their purpose; device signing keys are derived (HKDF) from the master and a
/// per-device nonce, so the ledger holds only the nonce; SUN wristband keys are diversified from a key derived
/// from the master and never stored. A copy of the database alone opens none of them.
/// </summary>
public sealed class KeyRing
{
    public const int MasterKeyBytes = 32;

    private const string WrapFormat = "w1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _wrappingKey;
    private readonly byte[] _deviceKeyRoot;
    private readonly byte[] _sunMasterKey;
    private readonly byte[] _personalDataKey;

    public KeyRing(byte[] masterKey, string masterKeyId)
    {
        if (masterKey.Length != MasterKeyBytes)
        {
            throw new ArgumentException($"The master key must be {MasterKeyBytes} bytes.", nameof(masterKey));
        }

        MasterKeyId = masterKeyId;
        _wrappingKey = Derive(masterKey, "festivalpos/key-wrapping", MasterKeyBytes);
        _deviceKeyRoot = Derive(masterKey, "festivalpos/device-signing", MasterKeyBytes);
        _sunMasterKey = Derive(masterKey, "festivalpos/sun-wristbands", Wire.Sun.AesCmac.KeyBytes);
        _personalDataKey = Derive(masterKey, "festivalpos/holder-data", MasterKeyBytes);
        Chain = new EventSourcing.HashChain(Derive(masterKey, "festivalpos/audit", MasterKeyBytes));
    }

    /// <summary>Names the master key (a file's or a Key Vault secret's version), so a wrapped key says what opens it.</summary>
    public string MasterKeyId { get; }

    /// <summary>The keyed hash chain every stream of the ledger is linked with.</summary>
    public EventSourcing.HashChain Chain { get; }

    /// <summary><c>w1.{masterKeyId}.{base64url(nonce | ciphertext | tag)}</c>; <paramref name="purpose"/> is authenticated, so a key cannot be unwrapped as another.</summary>
    public string Wrap(ReadOnlySpan<byte> key, string purpose) => Seal(_wrappingKey, key, purpose);

    /// <exception cref="CryptographicException">The key was wrapped under another master key, for another purpose, or altered.</exception>
    public byte[] Unwrap(string wrapped, string purpose) => Open(_wrappingKey, wrapped, purpose);

    /// <summary>
    /// A wallet holder's personal data, sealed as keys are wrapped but under a key derived for personal data only, and
    /// bound to the wallet: a sealed value copied onto another wallet does not open.
    /// </summary>
    public string SealPersonalData(ReadOnlySpan<byte> data, string walletId) => Seal(_personalDataKey, data, PersonalDataPurpose(walletId));

    /// <exception cref="CryptographicException">Sealed under another master key, for another wallet, or altered.</exception>
    public byte[] OpenPersonalData(string sealedData, string walletId) => Open(_personalDataKey, sealedData, PersonalDataPurpose(walletId));

    /// <summary>A device's HMAC signing key: HKDF-SHA256 of the master's device root, the device id and its nonce.</summary>
    public byte[] DeviceSigningKey(string deviceId, byte[] nonce) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _deviceKeyRoot, 32, nonce, Encoding.UTF8.GetBytes($"device-signing-key|{deviceId}"));

    /// <summary>
    /// A SUN wristband's AES-128 key (its SDM file read key): the festival's SUN master key, derived from the master
    /// key, diversified with the uid as NXP AN10922 says. The ledger never holds it; the encoding station gets it once.
    /// </summary>
    public byte[] WristbandKey(string uid) => Wire.Sun.KeyDiversification.WristbandKey(_sunMasterKey, uid);

    private static string PersonalDataPurpose(string walletId) => $"holder-data|{walletId}";

    private string Seal(byte[] sealingKey, ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedValue = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = sealedValue.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(sealingKey, TagBytes);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(NonceBytes, plaintext.Length), sealedValue.AsSpan(NonceBytes + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return $"{WrapFormat}.{MasterKeyId}.{Base64Url.EncodeToString(sealedValue)}";
    }

    private byte[] Open(byte[] sealingKey, string sealedText, string purpose)
    {
        var parts = sealedText.Split('.');
        if (parts.Length != 3 || parts[0] != WrapFormat)
        {
            throw new CryptographicException($"'{purpose}' is not a wrapped key.");
        }

        if (parts[1] != MasterKeyId)
        {
            throw new CryptographicException($"'{purpose}' was wrapped under master key '{parts[1]}', not '{MasterKeyId}'.");
        }

        var sealedValue = Base64Url.DecodeFromChars(parts[2]);
        if (sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException($"'{purpose}' is too short to be a wrapped key.");
        }

        var plaintext = new byte[sealedValue.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(sealingKey, TagBytes);
        aes.Decrypt(sealedValue.AsSpan(0, NonceBytes), sealedValue.AsSpan(NonceBytes, plaintext.Length), sealedValue.AsSpan(NonceBytes + plaintext.Length), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }

    private static byte[] Derive(byte[] masterKey, string purpose, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, length, salt: [], info: Encoding.UTF8.GetBytes(purpose));
}
