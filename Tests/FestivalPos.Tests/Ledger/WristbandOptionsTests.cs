using FestivalPos.Grains;
using FestivalPos.Grains.Wallets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Ledger;

/// <summary><c>Wristbands:Credential</c>: the festival chooses which wristbands pay; a value it does not know stops the silo.</summary>
public sealed class WristbandOptionsTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("nfc", false)]
    [InlineData("nfc-sun", true)]
    public void A_festival_takes_plain_uids_unless_it_chose_sun_wristbands_only(string? credential, bool sunOnly)
    {
        using var services = Build(credential);

        services.GetRequiredService<IOptions<WristbandOptions>>().Value.SunOnly.Should().Be(sunOnly);
    }

    [Theory]
    [InlineData("NFC-SUN")]
    [InlineData("sun")]
    [InlineData("")]
    public void Another_value_is_refused_with_a_message_naming_the_key(string credential)
    {
        using var services = Build(credential);

        var resolve = () => services.GetRequiredService<IOptions<WristbandOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*Wristbands:Credential must be nfc or nfc-sun*");
    }

    private static ServiceProvider Build(string? credential)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(credential is null ? [] : [new("Wristbands:Credential", credential)])
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLedgerGrains().BuildServiceProvider();
    }
}
