using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Wallets;

namespace FestivalPos.Tests.Ledger;

/// <summary>"Same id, same terms: the recorded answer; other terms: a conflict naming the first field that differs", without a cluster.</summary>
public sealed class ChargeTermsTests
{
    private static readonly ChargeTerms Recorded = ChargeTerms.Of("bar-1", 17, "w-1", 450, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A1"));

    public static TheoryData<string, string?> Cases => new()
    {
        { "same", null },
        { "walletId", "walletId" },
        { "amount", "amount" },
        { "createdAt", "createdAt" },
        { "type", "credential.type" },
        { "value", "credential.value" },
        { "amount+value", "amount" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_first_differing_field_is_named(string change, string? expected)
    {
        var (walletId, amount, createdAt, credential) = change switch
        {
            "walletId" => ("w-2", 450L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A1")),
            "amount" => ("w-1", 451L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A1")),
            "createdAt" => ("w-1", 450L, "2026-07-18T21:04:06Z", new Credential(CredentialType.Nfc, "04A1")),
            "type" => ("w-1", 450L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Qr, "04A1")),
            "value" => ("w-1", 450L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A2")),
            "amount+value" => ("w-1", 9L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A2")),
            _ => ("w-1", 450L, "2026-07-18T21:04:05Z", new Credential(CredentialType.Nfc, "04A1")),
        };

        Recorded.FirstDifference(ChargeTerms.Of("bar-1", 17, walletId, amount, createdAt, credential)).Should().Be(expected);
    }

    [Fact]
    public void Terms_survive_their_stored_form_and_keep_no_credential_in_clear()
    {
        ChargeTerms.Parse(Recorded.Fingerprint).Should().Be(Recorded);
        Recorded.Fingerprint.Should().NotContain("04A1");
    }

    [Fact]
    public void The_credential_digest_is_salted_with_the_charge_id()
    {
        var pin = new Credential(CredentialType.Pin, "1234");

        ChargeTerms.Of("bar-1", 1, "w-1", 1, "t", pin).CredentialDigest.Should().NotBe(ChargeTerms.Of("bar-1", 2, "w-1", 1, "t", pin).CredentialDigest);
    }

    [Theory]
    [InlineData("w-1|450|2026-07-18T21:04:05Z|Nfc")]
    [InlineData("w-1|x|t|Nfc|d")]
    [InlineData("w-1|1|t|Card|d")]
    public void A_malformed_stored_form_is_refused(string fingerprint) =>
        FluentActions.Invoking(() => ChargeTerms.Parse(fingerprint)).Should().Throw<FormatException>();
}
