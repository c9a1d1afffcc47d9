using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Api.Hosting;
using FestivalPos.Gateway.Api.RateLimiting;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Tests.Operations;

public sealed class BatchAdmissionTests
{
    [Fact]
    public async Task A_device_holds_one_slot_at_most_and_frees_it_and_itself_when_its_batch_is_answered()
    {
        using var door = new BatchAdmission(Options.Create(new SyncOptions { MaxConcurrentBatches = 2, BatchQueueSeconds = 0 }), Options.Create(new RateLimitOptions()));

        using var first = await door.EnterAsync("flooder", 10, CancellationToken.None);
        var second = await door.EnterAsync("flooder", 10, CancellationToken.None);
        using var other = await door.EnterAsync("other", 10, CancellationToken.None);
        var third = await door.EnterAsync("third", 10, CancellationToken.None);

        first.Outcome.Should().Be(BatchAdmissionOutcome.Admitted);
        second.Outcome.Should().Be(BatchAdmissionOutcome.InFlight);
        other.Outcome.Should().Be(BatchAdmissionOutcome.Admitted, "the flooder holds one of the two slots, not both");
        third.Outcome.Should().Be(BatchAdmissionOutcome.Busy);
        (await door.EnterAsync("third", 10, CancellationToken.None)).Outcome.Should().Be(BatchAdmissionOutcome.Busy, "a busy answer does not leave the device in flight");
        first.Dispose();
        using var again = await door.EnterAsync("flooder", 10, CancellationToken.None);
        again.Outcome.Should().Be(BatchAdmissionOutcome.Admitted);
    }

    [Fact]
    public async Task A_full_batch_fits_the_shipped_budget_after_an_outage_and_a_flood_beyond_it_waits()
    {
        var limits = new RateLimitOptions();
        using var door = new BatchAdmission(Options.Create(new SyncOptions()), Options.Create(limits));
        var full = new SyncOptions().MaxBatchSize;

        var backlog = new List<BatchAdmissionOutcome>();
        for (var batch = 0; batch < limits.OfflineTransactionBurstPerDevice / full; batch++)
        {
            using var admission = await door.EnterAsync("back-from-an-outage", full, CancellationToken.None);
            backlog.Add(admission.Outcome);
        }

        using var flood = await door.EnterAsync("back-from-an-outage", full, CancellationToken.None);

        backlog.Should().OnlyContain(outcome => outcome == BatchAdmissionOutcome.Admitted).And.HaveCount(3);
        flood.Outcome.Should().Be(BatchAdmissionOutcome.RateLimited);
        flood.RetryAfter.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(full / limits.OfflineTransactionsPerSecondPerDevice) - TimeSpan.FromSeconds(1));
    }
}
