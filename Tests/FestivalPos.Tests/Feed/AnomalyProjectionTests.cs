using FestivalPos.Grains.Feed;
using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Reports;
using FestivalPos.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Feed;

/// <summary>The anomalies projection's rules on hand-made facts: each threshold just below and at it, in the ledger's own time.</summary>
public sealed class AnomalyProjectionTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 18, 21, 0, 0, TimeSpan.Zero);

    private static readonly AnomalyOptions Thresholds = new()
    {
        WrongPinsPerDevice = 3, WrongPinWindowSeconds = 60, OfflineUsualFactor = 5, UsualMinCharges = 4, UsualSampleSize = 10,
        StandsPerWallet = 3, WalletWindowSeconds = 60, WalletMemoryMinutes = 10, MaxKept = 100,
    };

    private long _position;

    [Theory]
    [InlineData(new[] { 0, 20 }, 0, 0)]
    [InlineData(new[] { 0, 20, 59 }, 1, 3)]
    [InlineData(new[] { 0, 20, 60 }, 0, 0)]
    [InlineData(new[] { 0, 20, 40, 59 }, 1, 4)]
    [InlineData(new[] { 0, 20, 59, 70, 80 }, 1, 3)]
    [InlineData(new[] { 0, 10, 20, 200, 210, 220 }, 2, 3)]
    public void Wrong_pins_at_one_terminal_raise_an_anomaly_from_the_threshold_within_the_window(int[] seconds, int raised, long observed)
    {
        var projection = Apply([Enrolled("pos-1", "bar-1"), .. seconds.Select(second => WrongPin("pos-1", $"w-{second}", At.AddSeconds(second)))]);

        var report = projection.Report(null, 100);
        report.Raised.Should().Be(raised);
        report.Anomalies.Should().HaveCount(raised);
        report.Anomalies.Where(anomaly => anomaly.Kind == AnomalyKind.WrongPins && anomaly.DeviceId == "pos-1" && anomaly.StandId == "bar-1").Should().HaveCount(raised);
        if (raised > 0)
        {
            report.Anomalies[0].Should().BeEquivalentTo(new { Observed = observed, Threshold = 3L, WindowSeconds = 60, LastAt = At.AddSeconds(seconds[^1]) });
        }
    }

    [Fact]
    public void Declines_that_are_not_wrong_pins_and_wrong_pins_at_different_terminals_do_not_add_up()
    {
        var projection = Apply(
        [
            Enrolled("pos-1", "bar-1"), Enrolled("pos-2", "bar-1"),
            WrongPin("pos-1", "w-1", At), WrongPin("pos-2", "w-1", At.AddSeconds(1)),
            new ChargeDeclinedFact(Next(), At.AddSeconds(2), "w-1", "pos-1", 9, WrongPin: false),
            new ChargeDeclinedFact(Next(), At.AddSeconds(3), "w-1", "pos-1", 10, WrongPin: false),
        ]);

        projection.Report(null, 100).Raised.Should().Be(0);
    }

    [Theory]
    [InlineData(new long[] { 100, 100, 100, 100 }, 499L, true, false)]
    [InlineData(new long[] { 100, 100, 100, 100 }, 500L, true, true)]
    [InlineData(new long[] { 100, 100, 100 }, 5000L, true, false)]
    [InlineData(new long[] { 100, 100, 100, 100 }, 5000L, false, false)]
    [InlineData(new long[] { 100, 100, 9000, 9000, 100 }, 500L, true, true)]
    [InlineData(new long[] { 100, 9000, 9000, 9000, 100 }, 5000L, true, false)]
    public void An_offline_charge_from_five_times_its_stands_median_charge_is_an_anomaly_once_the_stand_has_enough_charges(
        long[] usual, long amount, bool offline, bool raised)
    {
        var projection = Apply(
        [
            Enrolled("pos-1", "bar-1"), Enrolled("pos-2", "food-1"),
            .. usual.Select((charge, i) => Charge("pos-1", $"w-{i}", charge, At.AddSeconds(i))),
            Charge("pos-2", "w-food", 1, At), Charge("pos-2", "w-food", 1, At), Charge("pos-2", "w-food", 1, At), Charge("pos-2", "w-food", 1, At),
            Charge("pos-1", "w-big", amount, At.AddMinutes(5), offline),
        ]);

        var anomalies = projection.Report(AnomalyKind.OfflineAboveUsual, 100).Anomalies;
        if (!raised)
        {
            anomalies.Should().BeEmpty();
            return;
        }

        var median = usual.Order().ElementAt((usual.Length - 1) / 2);
        anomalies.Should().Equal(new Anomaly(
            AnomalyKind.OfflineAboveUsual, "pos-1", "bar-1", "w-big", At.AddMinutes(5), At.AddMinutes(5), amount, 5 * median, median, null, _position));
    }

    [Fact]
    public void The_usual_charge_is_taken_over_the_stands_latest_charges_only()
    {
        var projection = Apply(
        [
            Enrolled("pos-1", "bar-1"),
            .. Enumerable.Range(0, 10).Select(i => Charge("pos-1", "w-1", 10, At.AddSeconds(i))),
            .. Enumerable.Range(0, 10).Select(i => Charge("pos-1", "w-1", 1000, At.AddSeconds(10 + i))),
            Charge("pos-1", "w-2", 4999, At.AddMinutes(1), offline: true),
        ]);

        projection.Report(null, 100).Anomalies.Should().BeEmpty("the ten latest charges are 1000 each: the usual is 1000, not 10");
    }

    [Theory]
    [InlineData(new[] { "bar-1", "bar-2" }, new[] { 0, 10 }, 0)]
    [InlineData(new[] { "bar-1", "bar-2", "bar-3" }, new[] { 0, 30, 59 }, 3)]
    [InlineData(new[] { "bar-1", "bar-2", "bar-3" }, new[] { 0, 30, 60 }, 0)]
    [InlineData(new[] { "bar-1", "bar-2", "bar-1" }, new[] { 0, 10, 20 }, 0)]
    [InlineData(new[] { "bar-3", "bar-1", "bar-2" }, new[] { 59, 0, 30 }, 3)]
    [InlineData(new[] { "bar-1", "bar-2", "bar-3", "bar-4" }, new[] { 0, 10, 20, 30 }, 4)]
    public void A_wallet_charged_by_three_distinct_stands_within_a_minute_of_sale_time_is_an_anomaly(string[] stands, int[] seconds, long observed)
    {
        var projection = Apply(
        [
            .. stands.Distinct().Select(stand => Enrolled($"pos-{stand}", stand)),
            .. stands.Select((stand, i) => Charge($"pos-{stand}", "w-1", 100, At.AddSeconds(seconds[i]), offline: i % 2 == 1)),
        ]);

        var anomalies = projection.Report(AnomalyKind.WalletAtManyStands, 100).Anomalies;
        if (observed == 0)
        {
            anomalies.Should().BeEmpty();
            return;
        }

        anomalies.Should().ContainSingle().Which.Should().BeEquivalentTo(new { WalletId = "w-1", Observed = observed, Threshold = 3L, WindowSeconds = 60 });
    }

    [Fact]
    public void A_wallet_sold_to_hundreds_of_times_a_minute_at_one_stand_still_counts_the_other_stands()
    {
        var projection = Apply(
        [
            Enrolled("pos-1", "bar-1"), Enrolled("pos-2", "bar-2"), Enrolled("pos-3", "bar-3"),
            Charge("pos-2", "w-1", 100, At),
            .. Enumerable.Range(0, 600).Select(i => Charge("pos-1", "w-1", 100, At.AddSeconds(i % 30))),
            Charge("pos-3", "w-1", 100, At.AddSeconds(40)),
        ]);

        projection.Report(AnomalyKind.WalletAtManyStands, 100).Anomalies.Should().ContainSingle().Which.Observed.Should().Be(3);
    }

    [Fact]
    public void A_wallet_idle_for_its_memory_is_forgotten_and_the_kept_list_holds_the_newest_only()
    {
        var small = new AnomalyOptions { StandsPerWallet = 2, WalletWindowSeconds = 60, WalletMemoryMinutes = 10, MaxKept = 2 };
        var projection = new AnomalyProjection(small);
        LedgerFact[] facts =
        [
            Enrolled("pos-1", "bar-1"), Enrolled("pos-2", "bar-2"),
            Charge("pos-1", "w-1", 100, At),
            Charge("pos-1", "w-other", 100, At.AddMinutes(30)),
            Charge("pos-2", "w-1", 100, At.AddSeconds(10), recordedAt: At.AddMinutes(31)),
            .. Enumerable.Range(2, 3).SelectMany(i => new[] { Charge("pos-1", $"w-{i}", 100, At.AddHours(i)), Charge("pos-2", $"w-{i}", 100, At.AddHours(i)) }),
        ];
        projection.TryApply(new LedgerFeedBatch(0, _position, facts)).Should().BeTrue();

        var report = projection.Report(null, 100);
        report.Raised.Should().Be(3, "w-1's sale at bar-1 was forgotten 10 minutes after it was recorded");
        report.Anomalies.Select(anomaly => anomaly.WalletId).Should().Equal("w-4", "w-3");
        projection.Report(null, 1).Anomalies.Should().ContainSingle().Which.WalletId.Should().Be("w-4");
    }

    [Fact]
    public void The_same_facts_in_other_batches_raise_the_same_anomalies()
    {
        LedgerFact[] facts =
        [
            Enrolled("pos-1", "bar-1"), Enrolled("pos-2", "bar-2"), Enrolled("pos-3", "bar-3"),
            .. Enumerable.Range(0, 12).Select(i => Charge($"pos-{1 + (i % 3)}", $"w-{i % 2}", 100 + i, At.AddSeconds(5 * i), offline: i % 3 == 0)),
            Charge("pos-1", "w-9", 2000, At.AddMinutes(2), offline: true),
            .. Enumerable.Range(0, 4).Select(i => WrongPin("pos-2", "w-1", At.AddSeconds(i))),
        ];
        var whole = new AnomalyProjection(Thresholds);
        whole.TryApply(new LedgerFeedBatch(0, _position, facts)).Should().BeTrue();
        var pieces = new AnomalyProjection(Thresholds);
        foreach (var fact in facts)
        {
            pieces.TryApply(new LedgerFeedBatch(fact.Position - 1, fact.Position, [fact])).Should().BeTrue();
        }

        whole.Report(null, 100).Anomalies.Select(anomaly => anomaly.Kind).Distinct().Should().BeEquivalentTo([AnomalyKind.WalletAtManyStands, AnomalyKind.OfflineAboveUsual, AnomalyKind.WrongPins]);
        pieces.Report(null, 100).Should().BeEquivalentTo(whole.Report(null, 100));
    }

    [Theory]
    [InlineData("WrongPinsPerDevice", "1")]
    [InlineData("WrongPinWindowSeconds", "86401")]
    [InlineData("OfflineUsualFactor", "1")]
    [InlineData("UsualMinCharges", "201")]
    [InlineData("StandsPerWallet", "1")]
    [InlineData("WalletMemoryMinutes", "0")]
    [InlineData("MaxKept", "0")]
    public void Thresholds_out_of_range_are_refused_at_start_naming_the_rules(string key, string value)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>($"{AnomalyOptions.SectionName}:{key}", value)]).Build());
        services.AddLedgerFeedPump();
        using var provider = services.BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<AnomalyOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage($"*{key}*");
        new AnomalyOptions().IsValid.Should().BeTrue("the defaults are in range");
    }

    private AnomalyProjection Apply(LedgerFact[] facts)
    {
        var projection = new AnomalyProjection(Thresholds);
        projection.TryApply(new LedgerFeedBatch(0, _position, facts)).Should().BeTrue();
        return projection;
    }

    private long Next() => ++_position;

    private DeviceEnrolledFact Enrolled(string deviceId, string standId) => new(Next(), At, deviceId, standId);

    private ChargeDeclinedFact WrongPin(string deviceId, string walletId, DateTimeOffset at) => new(Next(), at, walletId, deviceId, _position, WrongPin: true);

    private ChargeFact Charge(string deviceId, string walletId, long amount, DateTimeOffset soldAt, bool offline = false, DateTimeOffset? recordedAt = null) =>
        new(Next(), recordedAt ?? soldAt.AddSeconds(1), walletId, deviceId, _position, amount, WireTime.Format(soldAt), offline, 0);
}
