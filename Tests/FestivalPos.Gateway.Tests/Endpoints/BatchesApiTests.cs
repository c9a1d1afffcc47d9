using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class BatchesApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_signed_batch_is_applied_even_below_zero_and_a_resend_answers_duplicate()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var batch = new { transactions = new[] { TestApi.Offline(device, 1, walletId, 80), TestApi.Offline(device, 2, walletId, 70) } };

        var first = await (await device.Client.PostAsJsonAsync(device.Batches, batch)).JsonAsync(HttpStatusCode.OK);
        var again = await (await device.Client.PostAsJsonAsync(device.Batches, batch)).JsonAsync(HttpStatusCode.OK);

        Results(first).Should().Equal((1, "applied", null), (2, "applied", null));
        first.GetProperty("ackedThrough").GetInt64().Should().Be(2);
        first.GetProperty("ledgerEpoch").GetString().Should().Be("0", "the ledger was never restored from a backup");
        Results(again).Should().Equal((1, "duplicate", null), (2, "duplicate", null));
        var wallet = await fixture.WalletAsync(walletId);
        wallet.GetProperty("balance").GetInt64().Should().Be(-50);
        wallet.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).Should().Equal("overdrawn");
    }

    [Fact]
    public async Task A_batch_that_finds_no_free_slot_in_time_is_503_with_nothing_applied_and_goes_through_when_sent_again()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Sync:MaxConcurrentBatches"] = "1",
            ["Sync:BatchQueueSeconds"] = "0",
        });
        var device = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var batch = new { transactions = new[] { TestApi.Offline(device, 1, walletId, 30) } };
        var admission = gateway.Services.GetRequiredService<BatchAdmission>();

        using (var held = await admission.EnterAsync(TestApi.NewId("d-other"), 1, CancellationToken.None))
        {
            held.Outcome.Should().Be(BatchAdmissionOutcome.Admitted);
            var busy = await device.Client.PostAsJsonAsync(device.Batches, batch);

            (await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("type").GetString().Should().EndWith("cluster-busy");
            busy.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
            (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(100);
        }

        var applied = await (await device.Client.PostAsJsonAsync(device.Batches, batch)).JsonAsync(HttpStatusCode.OK);
        Results(applied).Should().Equal((1, "applied", null));
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(70);
        using var again = await admission.EnterAsync(device.DeviceId, 1, CancellationToken.None);
        again.Outcome.Should().Be(BatchAdmissionOutcome.Admitted, "the batch gave its slot and its device back");
    }

    [Fact]
    public async Task Bad_signatures_unknown_wallets_and_reused_seqs_are_rejected_with_their_reason()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        var forged = new { seq = 1, walletId, amount = 10, createdAt = TestApi.CreatedAt, credential = new { type = "nfc", value = "u" }, signature = Convert.ToBase64String(new byte[32]) };
        var garbage = new { seq = 2, walletId, amount = 10, createdAt = TestApi.CreatedAt, credential = new { type = "nfc", value = "u" }, signature = "not base64!" };
        (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 4, walletId, 10) } })).StatusCode.Should().Be(HttpStatusCode.OK);

        var answer = await (await device.Client.PostAsJsonAsync(device.Batches, new
        {
            transactions = new[] { forged, garbage, TestApi.Offline(device, 3, TestApi.NewId("w"), 10), TestApi.Offline(device, 4, walletId, 11) },
        })).JsonAsync(HttpStatusCode.OK);

        Results(answer).Should().Equal((1, "rejected", "badSignature"), (2, "rejected", "badSignature"), (3, "rejected", "unknownWallet"), (4, "rejected", "conflict"));
        answer.GetProperty("ackedThrough").GetInt64().Should().Be(4);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(90);
    }

    [Fact]
    public async Task Out_of_order_seqs_leave_gaps_until_they_arrive_through_either_endpoint()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1000);

        var first = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 5, walletId, 1), TestApi.Offline(device, 2, walletId, 1) } })).JsonAsync(HttpStatusCode.OK);
        first.GetProperty("ackedThrough").GetInt64().Should().Be(0);
        Results(first).Select(r => r.Seq).Should().Equal(5, 2);
        (await Device(device)).GetProperty("gaps").EnumerateArray().Select(g => g.GetInt64()).Should().Equal(1, 3, 4);

        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 1, uid))).StatusCode.Should().Be(HttpStatusCode.OK);
        var second = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 4, walletId, 1), TestApi.Offline(device, 3, walletId, 1) } })).JsonAsync(HttpStatusCode.OK);

        second.GetProperty("ackedThrough").GetInt64().Should().Be(5);
        (await Device(device)).GetProperty("gaps").GetArrayLength().Should().Be(0);
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(995);
    }

    [Fact]
    public async Task An_online_seq_sent_again_offline_with_the_same_content_is_a_duplicate()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 100);
        var soldAt = FestivalPos.Wire.WireTime.Format(DateTimeOffset.UtcNow);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 10, uid, soldAt))).StatusCode.Should().Be(HttpStatusCode.OK);

        var answer = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = new[] { TestApi.Offline(device, 1, walletId, 10, uid, soldAt) } })).JsonAsync(HttpStatusCode.OK);

        Results(answer).Should().Equal((1, "duplicate", null));
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(90);
    }

    [Fact]
    public async Task An_empty_batch_answers_the_cursor()
    {
        var device = await fixture.EnrollDeviceAsync();

        var answer = await (await device.Client.PostAsJsonAsync(device.Batches, new { transactions = Array.Empty<object>() })).JsonAsync(HttpStatusCode.OK);

        answer.GetProperty("results").GetArrayLength().Should().Be(0);
        answer.GetProperty("ackedThrough").GetInt64().Should().Be(0);
    }

    private async Task<JsonElement> Device(TestDevice device) =>
        await (await fixture.Organizer.GetAsync($"/api/v1/devices/{device.DeviceId}")).JsonAsync(HttpStatusCode.OK);

    private static List<(long Seq, string? Status, string? Reason)> Results(JsonElement answer) =>
        [.. answer.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("seq").GetInt64(), r.GetProperty("status").GetString(), r.GetProperty("reason").GetString()))];
}
