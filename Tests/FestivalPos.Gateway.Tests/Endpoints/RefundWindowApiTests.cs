using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary><c>Refunds:DeviceWindowSeconds</c>: after it, the terminal is refused and an organizer still refunds.</summary>
public sealed class RefundWindowApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private GatewayFactory _gateway = null!;
    private HttpClient _organizer = null!;
    private HttpClient _topUp = null!;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Refunds:DeviceWindowSeconds"] = "1" });
        _gateway = new GatewayFactory(_silo);
        _organizer = await GatewayFixture.SignedInAsync(_gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        _topUp = await GatewayFixture.SignedInAsync(_gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _silo.DisposeAsync();
    }

    [Fact]
    public async Task After_the_window_the_terminal_is_refused_and_an_organizer_refunds()
    {
        var device = await TestApi.EnrollDeviceAsync(_organizer, _gateway);
        var (walletId, uid) = await TestApi.NewWalletAsync(_organizer, _topUp, balance: 1_000);
        var sale = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 300, uid))).JsonAsync(HttpStatusCode.OK);
        var txId = sale.GetProperty("txId").GetString()!;
        var early = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "early", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var late = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "late", walletId, txId, amount = 100 })).ProblemAsync(HttpStatusCode.Forbidden);
        var earlyAgain = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "early", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);
        var byOrganizer = await (await _organizer.PostAsJsonAsync("/api/v1/refunds", new { refundId = "late", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);

        early.GetProperty("status").GetString().Should().Be("applied");
        late.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-window-closed");
        earlyAgain.GetProperty("status").GetString().Should().Be("duplicate", "a repeat of an applied refund is answered after the window too");
        byOrganizer.GetProperty("status").GetString().Should().Be("applied", "the refused request claimed nothing, so the organizer may use its id");
        byOrganizer.GetProperty("balance").GetInt64().Should().Be(900);
    }
}
