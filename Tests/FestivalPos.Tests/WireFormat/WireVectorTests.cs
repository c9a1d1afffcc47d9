using System.Security.Cryptography;
using System.Text.Json;
using FestivalPos.Wire;

namespace FestivalPos.Tests.WireFormat;

/// <summary>The published API 1.1 vectors (a copy of shared/vectors/api-1.1.json): a format change fails here first.</summary>
public sealed class WireVectorTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WireFormat", "api-1.1.json"))).RootElement;

    public static TheoryData<int> SignatureCases => [.. Enumerable.Range(0, Vectors.GetProperty("offlineSignatures").GetArrayLength())];

    public static TheoryData<int> DigestCases => [.. Enumerable.Range(0, Vectors.GetProperty("uidDigests").GetArrayLength())];

    [Theory]
    [MemberData(nameof(SignatureCases))]
    public void Offline_signatures_match_the_vectors(int index)
    {
        var v = Vectors.GetProperty("offlineSignatures")[index];
        var key = Convert.FromBase64String(v.GetProperty("signingKey").GetString()!);
        var (deviceId, seq, walletId, amount, createdAt) = (v.GetProperty("deviceId").GetString()!, v.GetProperty("seq").GetInt64(),
            v.GetProperty("walletId").GetString()!, v.GetProperty("amount").GetInt64(), v.GetProperty("createdAt").GetString()!);
        var (type, value) = (v.GetProperty("credential").GetProperty("type").GetString()!, v.GetProperty("credential").GetProperty("value").GetString()!);
        var signature = v.GetProperty("signature").GetString()!;

        OfflineSignature.SignedString(deviceId, seq, walletId, amount, createdAt, type, value).Should().Be(v.GetProperty("signedString").GetString());
        OfflineSignature.Sign(key, deviceId, seq, walletId, amount, createdAt, type, value).Should().Be(signature);
        using var verifier = new OfflineSignature(key, deviceId);
        verifier.IsValid(seq, walletId, amount, createdAt, type, value, signature).Should().BeTrue();
        verifier.IsValid(seq, walletId, amount, createdAt, type, value + "0", signature).Should().BeFalse("the credential is signed");
        verifier.IsValid(seq, walletId, amount + 1, createdAt, type, value, signature).Should().BeFalse();
        verifier.IsValid(seq, walletId, amount, createdAt, type, value, "not base64").Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(DigestCases))]
    public void Uid_digests_match_the_vectors(int index)
    {
        var v = Vectors.GetProperty("uidDigests")[index];
        UidDigest.Compute(Convert.FromBase64String(v.GetProperty("snapshotKey").GetString()!), v.GetProperty("uid").GetString()!)
            .Should().Be(v.GetProperty("uidDigest").GetString());
    }

    [Fact]
    public void Qr_tokens_verify_with_the_public_key_only_and_each_has_its_own_id()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicKey = QrToken.PublicKey(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var first = QrToken.Create(key, "w-1", expires);
        var second = QrToken.Create(key, "w-1", expires);

        var claims = QrToken.Read(publicKey, first)!;
        claims.WalletId.Should().Be("w-1");
        claims.ExpiresAt.Should().Be(expires);
        QrToken.Read(publicKey, second)!.TokenId.Should().NotBe(claims.TokenId);
        claims.ValidAt(expires + WireTime.ClockSkew).Should().BeTrue();
        claims.ValidAt(expires + WireTime.ClockSkew + TimeSpan.FromSeconds(1)).Should().BeFalse();

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        QrToken.Read(otherKey, first).Should().BeNull();
        // One signature character changed (to whatever it is not), never by chance the same token.
        var tampered = first[..^2] + (first[^2] == 'A' ? 'B' : 'A') + first[^1];
        QrToken.Read(publicKey, tampered).Should().BeNull();
        QrToken.Read(publicKey, "no-dot").Should().BeNull();
    }

    [Theory]
    [InlineData("bar-1:17", "bar-1", 17L)]
    [InlineData("a:b:3", "a:b", 3L)]
    public void TxIds_round_trip(string text, string deviceId, long seq)
    {
        TxId.TryParse(text, out var parsedDevice, out var parsedSeq).Should().BeTrue();
        (parsedDevice, parsedSeq).Should().Be((deviceId, seq));
        TxId.Format(deviceId, seq).Should().Be(text);
    }

    [Theory]
    [InlineData("bar-1")]
    [InlineData(":5")]
    [InlineData("bar-1:0")]
    [InlineData("bar-1:-3")]
    [InlineData("bar-1:x")]
    public void Malformed_txIds_are_refused(string text) => TxId.TryParse(text, out _, out _).Should().BeFalse();
}
