using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>One silo and one gateway for the whole test run, with signed-in organizer, top-up and operator clients.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private HttpClient? _organizer;
    private HttpClient? _topUp;
    private HttpClient? _operator;

    public TestSilo Silo { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public IGrainFactory Grains => Silo.Grains;

    public HttpClient Organizer => _organizer!;

    public HttpClient TopUp => _topUp!;

    public HttpClient Operator => _operator!;

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync();
        Gateway = new GatewayFactory(Silo);
        _organizer = await SignedInAsync(Gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        _topUp = await SignedInAsync(Gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        _operator = await SignedInAsync(Gateway, GatewayFactory.OperatorId, GatewayFactory.OperatorSecret);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
    }

    public HttpClient Anonymous() => Gateway.CreateClient();

    public HttpClient Management() => Gateway.CreateManagementClient();

    public static async Task<string> TokenAsync(GatewayFactory gateway, string clientId, string secret)
    {
        var response = await gateway.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    public static async Task<HttpClient> SignedInAsync(GatewayFactory gateway, string clientId, string secret) =>
        WithToken(gateway.CreateClient(), await TokenAsync(gateway, clientId, secret));

    public static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed record TokenBody(string AccessToken, string TokenType, int ExpiresIn);
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
