using FestivalPos.Grains.Wallets;
using FestivalPos.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>A one-silo ledger of a festival that takes SUN wristbands only (<c>Wristbands:Credential=nfc-sun</c>).</summary>
public sealed class SunOnlyFestival : IAsyncLifetime
{
    public LedgerCluster Ledger { get; } = new(silos: 1,
        services => services.Configure<WristbandOptions>(options => options.Credential = WireNames.CredentialTypes.NfcSun));

    public Task InitializeAsync() => Ledger.InitializeAsync();

    public Task DisposeAsync() => Ledger.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SunOnlyFestivalCollection : ICollectionFixture<SunOnlyFestival>
{
    public const string Name = "sun-only festival";
}
