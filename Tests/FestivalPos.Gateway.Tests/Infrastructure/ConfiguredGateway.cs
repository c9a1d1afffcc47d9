namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>
/// A silo of its own, configured with <c>settings</c>, a gateway over it and signed-in organizer and top-up clients:
/// for tests of a festival setting (caps, windows, fees) that the shared fixture must not have.
/// </summary>
public sealed class ConfiguredGateway : IAsyncDisposable
{
    private ConfiguredGateway(TestSilo silo, GatewayFactory gateway, HttpClient organizer, HttpClient topUp) =>
        (Silo, Gateway, Organizer, TopUp) = (silo, gateway, organizer, topUp);

    public TestSilo Silo { get; }

    public GatewayFactory Gateway { get; }

    public HttpClient Organizer { get; }

    public HttpClient TopUp { get; }

    public static async Task<ConfiguredGateway> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var silo = await TestSilo.StartAsync(settings);
        var gateway = new GatewayFactory(silo);
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var topUp = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        return new ConfiguredGateway(silo, gateway, organizer, topUp);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }
}
