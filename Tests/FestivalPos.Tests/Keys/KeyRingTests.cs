using System.Security.Cryptography;
using FestivalPos.Grains.Keys;

namespace FestivalPos.Tests.Keys;

public sealed class KeyRingTests
{
    private static readonly KeyRing Ring = new(RandomNumberGenerator.GetBytes(KeyRing.MasterKeyBytes), "k1");

    [Fact]
    public void A_wrapped_key_opens_only_under_its_master_key_and_for_its_purpose()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        var wrapped = Ring.Wrap(key, "auth/signing-key");

        Ring.Unwrap(wrapped, "auth/signing-key").Should().Equal(key);
        wrapped.Should().NotContain(Convert.ToBase64String(key)).And.StartWith("w1.k1.");
        FluentActions.Invoking(() => Ring.Unwrap(wrapped, "qr/signing-key")).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => new KeyRing(RandomNumberGenerator.GetBytes(32), "k1").Unwrap(wrapped, "auth/signing-key")).Should().Throw<CryptographicException>();
        FluentActions.Invoking(() => new KeyRing(RandomNumberGenerator.GetBytes(32), "k2").Unwrap(wrapped, "auth/signing-key")).Should().Throw<CryptographicException>()
            .WithMessage("*master key 'k1'*");
        FluentActions.Invoking(() => Ring.Unwrap(Convert.ToBase64String(key), "auth/signing-key")).Should().Throw<CryptographicException>("a key stored in clear is refused");
    }

    [Fact]
    public void Personal_data_opens_only_for_its_wallet_and_under_its_own_key()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("""{"iban":"DE89370400440532013000"}""");
        var sealedData = Ring.SealPersonalData(data, "w-1");

        Ring.OpenPersonalData(sealedData, "w-1").Should().Equal(data);
        sealedData.Should().NotContain("DE89");
        FluentActions.Invoking(() => Ring.OpenPersonalData(sealedData, "w-2")).Should().Throw<CryptographicException>("a row copied onto another wallet does not open");
        FluentActions.Invoking(() => Ring.Unwrap(sealedData, "holder-data|w-1")).Should().Throw<CryptographicException>("the key-wrapping key does not open personal data");
        FluentActions.Invoking(() => new KeyRing(RandomNumberGenerator.GetBytes(32), "k1").OpenPersonalData(sealedData, "w-1")).Should().Throw<CryptographicException>();
    }

    [Fact]
    public void Device_keys_are_derived_per_device_and_nonce()
    {
        var nonce = RandomNumberGenerator.GetBytes(16);

        Ring.DeviceSigningKey("bar-1", nonce).Should().Equal(Ring.DeviceSigningKey("bar-1", nonce)).And.HaveCount(32);
        Ring.DeviceSigningKey("bar-1", nonce).Should().NotEqual(Ring.DeviceSigningKey("bar-2", nonce));
        Ring.DeviceSigningKey("bar-1", nonce).Should().NotEqual(Ring.DeviceSigningKey("bar-1", RandomNumberGenerator.GetBytes(16)));
        new KeyRing(RandomNumberGenerator.GetBytes(32), "other").DeviceSigningKey("bar-1", nonce).Should().NotEqual(Ring.DeviceSigningKey("bar-1", nonce));
    }
}
