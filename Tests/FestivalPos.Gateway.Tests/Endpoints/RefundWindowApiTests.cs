using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary><c>Refunds:DeviceWindowSeconds</c>: after it, the terminal is refused and an organizer still refunds.</summary>
public sealed class RefundWindowApiTests : IAsyncLifetime
{
    private ConfiguredGateway _festival = null!;

    public async Task InitializeAsync() =>
        _festival = await ConfiguredGateway.StartAsync(new Dictionary<string, string?> { ["Refunds:DeviceWindowSeconds"] = "1" });

    public async Task DisposeAsync() => await _festival.DisposeAsync();

    [Fact]
    public async Task After_the_window_the_terminal_is_refused_and_an_organizer_refunds()
    {
        var device = await TestApi.EnrollDeviceAsync(_festival.Organizer, _festival.Gateway);
        var (walletId, uid) = await TestApi.NewWalletAsync(_festival.Organizer, _festival.TopUp, balance: 1_000);
        var sale = await (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 300, uid))).JsonAsync(HttpStatusCode.OK);
        var txId = sale.GetProperty("txId").GetString()!;
        var early = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "early", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var late = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "late", walletId, txId, amount = 100 })).ProblemAsync(HttpStatusCode.Forbidden);
        var earlyAgain = await (await device.Client.PostAsJsonAsync(device.Refunds, new { refundId = "early", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);
        var byOrganizer = await (await _festival.Organizer.PostAsJsonAsync("/api/v1/refunds", new { refundId = "late", walletId, txId, amount = 100 })).JsonAsync(HttpStatusCode.OK);

        early.GetProperty("status").GetString().Should().Be("applied");
        late.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:refund-window-closed");
        earlyAgain.GetProperty("status").GetString().Should().Be("duplicate", "a repeat of an applied refund is answered after the window too");
        byOrganizer.GetProperty("status").GetString().Should().Be("applied", "the refused request claimed nothing, so the organizer may use its id");
        byOrganizer.GetProperty("balance").GetInt64().Should().Be(900);
    }
}
