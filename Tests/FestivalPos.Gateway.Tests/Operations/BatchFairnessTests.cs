using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>One terminal flooding the gateway with offline batches cannot starve the others.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BatchFairnessTests(GatewayFixture fixture)
{
    [Fact]
    public async Task One_device_holds_at_most_one_batch_slot_and_another_devices_batch_goes_through_while_it_floods()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Sync:MaxConcurrentBatches"] = "2",
            ["Sync:BatchQueueSeconds"] = "0",
        });
        var flooder = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var other = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var (walletId, _) = await fixture.NewWalletAsync();

        var flood = Enumerable.Range(0, 12)
            .Select(batch => flooder.Client.PostAsJsonAsync(flooder.Batches, new
            {
                transactions = Enumerable.Range(1, 200).Select(i => TestApi.Offline(flooder, (batch * 200) + i, walletId, 1)).ToArray(),
            }))
            .ToList();
        var otherAnswer = await other.Client.PostAsJsonAsync(other.Batches, new { transactions = new[] { TestApi.Offline(other, 1, walletId, 1) } });
        var floodAnswers = await Task.WhenAll(flood);

        otherAnswer.StatusCode.Should().Be(HttpStatusCode.OK, await otherAnswer.Content.ReadAsStringAsync());
        floodAnswers.Should().Contain(answer => answer.StatusCode == HttpStatusCode.OK);
        var refused = floodAnswers.Where(answer => answer.StatusCode != HttpStatusCode.OK).ToList();
        refused.Should().NotBeEmpty("twelve batches at once cannot all be in flight for one device");
        foreach (var answer in refused)
        {
            (await answer.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().EndWith("batch-in-flight");
            answer.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task A_device_over_its_offline_transaction_rate_gets_429_and_other_devices_do_not()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Sync:MaxBatchSize"] = "20",
            ["RateLimits:OfflineTransactionsPerSecondPerDevice"] = "1",
            ["RateLimits:OfflineTransactionBurstPerDevice"] = "20",
        });
        var busy = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var other = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var (walletId, _) = await fixture.NewWalletAsync();

        var full = await busy.Client.PostAsJsonAsync(busy.Batches, new { transactions = Enumerable.Range(1, 20).Select(seq => TestApi.Offline(busy, seq, walletId, 1)).ToArray() });
        var more = await busy.Client.PostAsJsonAsync(busy.Batches, new { transactions = Enumerable.Range(21, 5).Select(seq => TestApi.Offline(busy, seq, walletId, 1)).ToArray() });
        var others = await other.Client.PostAsJsonAsync(other.Batches, new { transactions = Enumerable.Range(1, 20).Select(seq => TestApi.Offline(other, seq, walletId, 1)).ToArray() });

        full.StatusCode.Should().Be(HttpStatusCode.OK);
        (await more.ProblemAsync(HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().EndWith("offline-rate-limited");
        more.Headers.RetryAfter!.Delta!.Value.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4), "five transactions at one a second");
        others.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
