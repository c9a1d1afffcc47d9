using FestivalPos.Grains.Interfaces.Holders;

namespace FestivalPos.Tests.Ledger;

/// <summary>Holder data checks: IBANs by their ISO 13616 mod-97 check digits, emails by their shape.</summary>
public sealed class HolderDataRulesTests
{
    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00", true)]
    [InlineData("de89370400440532013000", true)]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("NL91 ABNA 0417 1643 00", true)]
    [InlineData("BE71 0961 2345 6769", true)]
    [InlineData("DE88 3704 0044 0532 0130 00", false)]
    [InlineData("GB82 WEST 1234 5698 7654 33", false)]
    [InlineData("DE89", false)]
    [InlineData("1289370400440532013000", false)]
    [InlineData("DE89-3704-0044-0532-0130-00", false)]
    [InlineData("DE89370400440532013000123456789012345", false)]
    [InlineData("", false)]
    public void An_iban_is_valid_only_with_its_check_digits(string iban, bool valid) =>
        HolderDataRules.IsValidIban(iban).Should().Be(valid);

    [Theory]
    [InlineData("ana@example.org", true)]
    [InlineData("ana.lopez+festival@mail.example.co.uk", true)]
    [InlineData("ana@localhost", false)]
    [InlineData("@example.org", false)]
    [InlineData("ana@@example.org", false)]
    [InlineData("ana @example.org", false)]
    [InlineData("ana@example..org", false)]
    [InlineData("ana@.example.org", false)]
    [InlineData("", false)]
    public void An_email_needs_a_local_part_and_a_dotted_domain(string email, bool valid) =>
        HolderDataRules.IsValidEmail(email).Should().Be(valid);

    [Fact]
    public void Every_part_is_optional_and_stored_normalized()
    {
        HolderDataRules.IsValid(new HolderData(null, null, null)).Should().BeTrue();
        HolderDataRules.Normalize(new HolderData("  Ana Lopez ", " ana@example.org", "de89 3704 0044 0532 0130 00"))
            .Should().Be(new HolderData("Ana Lopez", "ana@example.org", "DE89370400440532013000"));
        new HolderData("Ana", null, null).HasPayoutDestination.Should().BeFalse("a name alone says nowhere to pay");
        new HolderData(null, "ana@example.org", null).HasPayoutDestination.Should().BeTrue();
    }

    [Fact]
    public void A_name_of_control_characters_or_too_long_is_refused()
    {
        HolderDataRules.IsValidName("Ana\u0000").Should().BeFalse();
        HolderDataRules.IsValidName(new string('a', HolderDataRules.MaxNameLength + 1)).Should().BeFalse();
        HolderDataRules.IsValidName("   ").Should().BeFalse();
    }
}
