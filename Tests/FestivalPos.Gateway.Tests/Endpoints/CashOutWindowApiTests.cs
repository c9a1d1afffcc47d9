using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary><c>CashOut:OpensAt</c> and <c>CashOut:Deadline</c>: a request outside the window is 409 and records nothing.</summary>
public sealed class CashOutWindowApiTests
{
    [Theory]
    [InlineData("CashOut:OpensAt", "2099-01-01T00:00:00Z", "cash-out-not-open")]
    [InlineData("CashOut:Deadline", "2020-01-01T00:00:00Z", "cash-out-closed")]
    public async Task A_request_outside_the_window_is_refused_and_records_nothing(string setting, string time, string problem)
    {
        await using var festival = await ConfiguredGateway.StartAsync(new Dictionary<string, string?> { [setting] = time });
        var (organizer, topUp) = (festival.Organizer, festival.TopUp);
        var (walletId, _) = await TestApi.NewWalletAsync(organizer, topUp, balance: 1_000);
        (await organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/holder", new { iban = "DE89370400440532013000" })).StatusCode.Should().Be(HttpStatusCode.OK);

        var refused = await (await organizer.PostAsync($"/api/v1/wallets/{walletId}/cash-out", null)).ProblemAsync(HttpStatusCode.Conflict);

        refused.GetProperty("type").GetString().Should().Be($"urn:festivalpos:problem:{problem}");
        var export = await (await organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);
        export.GetProperty("cashOut").ValueKind.Should().Be(JsonValueKind.Null);
        (await organizer.PostAsJsonAsync("/api/v1/payouts/batches", new { batchId = "after-window" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }
}
