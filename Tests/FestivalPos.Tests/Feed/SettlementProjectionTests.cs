using FestivalPos.Grains.Interfaces.Feed;
using FestivalPos.Grains.Interfaces.Reports;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Reports;

namespace FestivalPos.Tests.Feed;

/// <summary>Settlement on hand-made feed batches: lines split, VAT as the catalog had it, festival days, vendors, refunds and open review.</summary>
public sealed class SettlementProjectionTests
{
    private static readonly DateTimeOffset Evening = new(2026, 7, 18, 21, 4, 5, TimeSpan.Zero);
    private static readonly SettlementOptions Utc = new();

    [Fact]
    public void A_stands_sales_split_into_items_deposits_tips_and_unitemized_with_vat_per_rate()
    {
        var settlement = Apply(
            new DeviceEnrolledFact(1, Evening, "pos-1", "bar-1"),
            new StandDefinedFact(2, Evening, "bar-1", "v-drinks"),
            new CatalogItemFact(3, Evening, "bar-1", "beer", 2100),
            new CatalogItemFact(4, Evening, "bar-1", "water", 900),
            Charge(5, "pos-1", 1, 1_800, offline: false, Item("beer", 2, 650), Deposit(2, 200), Tip(100)),
            Charge(6, "pos-1", 2, 300, offline: true, Item("water", 1, 300)),
            Charge(7, "pos-1", 3, 450, offline: true),
            Charge(8, "pos-1", 4, 500, offline: false, Item("cocktail", 1, 500)));

        var figures = settlement.Report(SettlementBy.Stand, day: null, Utc).Rows.Should().ContainSingle().Subject;

        figures.Key.Should().Be("bar-1");
        figures.Figures.Should().BeEquivalentTo(new SettlementFigures(
            Charges: 4, GrossSales: 3_050, Refunds: 0, NetSales: 3_050, ItemSales: 2_100, Deposits: 400, Tips: 100, Unitemized: 450,
            UnknownVatItems: 500, Vat: [new VatBucket(900, 300, 25), new VatBucket(2100, 1_300, 226)], OfflineSales: 750, ReviewOpenAmount: 0));
    }

    [Fact]
    public void An_item_sells_at_the_vat_rate_its_stand_had_when_it_was_sold()
    {
        var settlement = Apply(
            new DeviceEnrolledFact(1, Evening, "pos-1", "food-1"),
            new CatalogItemFact(2, Evening, "food-1", "fries", 900),
            Charge(3, "pos-1", 1, 400, offline: false, Item("fries", 1, 400)),
            new CatalogItemFact(4, Evening, "food-1", "fries", 2100),
            Charge(5, "pos-1", 2, 400, offline: false, Item("fries", 1, 400)),
            new CatalogItemFact(6, Evening, "food-1", "fries", null),
            Charge(7, "pos-1", 3, 400, offline: false, Item("fries", 1, 400)));

        var row = settlement.Report(SettlementBy.Stand, null, Utc).Rows.Single().Figures;

        row.Vat.Should().Equal(new VatBucket(900, 400, 33), new VatBucket(2100, 400, 69));
        row.UnknownVatItems.Should().Be(400, "the item was off the catalog when the third one sold");
    }

    [Fact]
    public void Refunds_count_against_the_selling_stand_and_open_review_against_the_terminals_stand_until_decided()
    {
        var settlement = Apply(
            new DeviceEnrolledFact(1, Evening, "pos-1", "bar-1"),
            new DeviceEnrolledFact(2, Evening, "pos-2", "food-1"),
            Charge(3, "pos-1", 1, 1_000, offline: false),
            new CreditFact(4, Evening.AddMinutes(5), "w-1", CreditKind.Refund, 300, 0, "pos-1:1"),
            new CreditFact(5, Evening, "w-1", CreditKind.TopUp, 5_000, 5_000),
            new ReviewHeldFact(6, Evening, "pos-2:7", "w-1", 650),
            new ReviewHeldFact(6, Evening, "pos-2:8", "w-1", 100),
            new ReviewDecidedFact(7, Evening, "pos-2:8", ReviewStatus.Dismissed));

        var report = settlement.Report(SettlementBy.Stand, null, Utc);

        report.Rows.Select(r => (r.Key, r.Figures.GrossSales, r.Figures.Refunds, r.Figures.NetSales, r.Figures.ReviewOpenAmount))
            .Should().Equal(("bar-1", 1_000L, 300L, 700L, 0L), ("food-1", 0L, 0L, 0L, 650L));
        report.Totals.Should().Match<SettlementFigures>(t => t.GrossSales == 1_000 && t.Refunds == 300 && t.ReviewOpenAmount == 650);
        report.ThroughPosition.Should().Be(7);
    }

    [Fact]
    public void A_festival_day_runs_from_its_start_hour_in_the_festival_time_zone_and_vendors_sum_their_stands()
    {
        var brussels = new SettlementOptions { TimeZone = "Europe/Brussels", DayStartHour = 6 };
        var settlement = Apply(
            new DeviceEnrolledFact(1, Evening, "pos-1", "bar-1"),
            new DeviceEnrolledFact(2, Evening, "pos-2", "bar-2"),
            new StandDefinedFact(3, Evening, "bar-1", "v-drinks"),
            new StandDefinedFact(4, Evening, "bar-2", "v-drinks"),
            ChargeAt(5, "pos-1", 1, 100, new DateTimeOffset(2026, 7, 18, 23, 30, 0, TimeSpan.Zero)),
            ChargeAt(6, "pos-2", 1, 200, new DateTimeOffset(2026, 7, 19, 3, 59, 0, TimeSpan.Zero)),
            ChargeAt(7, "pos-2", 2, 400, new DateTimeOffset(2026, 7, 19, 4, 0, 0, TimeSpan.Zero)));

        var firstNight = settlement.Report(SettlementBy.Vendor, new DateOnly(2026, 7, 18), brussels);
        var festival = settlement.Report(SettlementBy.Vendor, null, brussels);

        firstNight.Rows.Should().ContainSingle().Which.Should().Match<SettlementRow>(r => r.Key == "v-drinks" && r.Figures.GrossSales == 300,
            "01:30 and 05:59 in Brussels belong to the night of the 18th, 06:00 to the 19th");
        festival.Rows.Single().Figures.GrossSales.Should().Be(700);
        festival.Days.Should().Equal(new DateOnly(2026, 7, 18), new DateOnly(2026, 7, 19));
    }

    [Theory]
    [InlineData(1_210, 2100, 210)]
    [InlineData(109, 900, 9)]
    [InlineData(1, 2100, 0)]
    [InlineData(6, 2100, 1)]
    public void Vat_is_the_share_of_the_gross_at_the_rate_rounded_half_away_from_zero(long gross, int basisPoints, long vat)
    {
        SettlementTally.VatIn(gross, basisPoints).Should().Be(vat);
    }

    [Theory]
    [InlineData("UTC", 6, true)]
    [InlineData("Europe/Brussels", 0, true)]
    [InlineData("Mars/Olympus", 6, false)]
    [InlineData("UTC", 24, false)]
    public void The_time_zone_must_be_known_and_the_day_start_an_hour(string timeZone, int dayStartHour, bool valid)
    {
        new SettlementOptions { TimeZone = timeZone, DayStartHour = dayStartHour }.IsValid.Should().Be(valid);
    }

    private static SettlementProjection Apply(params LedgerFact[] facts)
    {
        var settlement = new SettlementProjection();
        settlement.TryApply(new LedgerFeedBatch(0, facts.Max(f => f.Position), facts)).Should().BeTrue();
        return settlement;
    }

    private static ChargeFact Charge(long position, string deviceId, long seq, long amount, bool offline, params ChargeLine[] lines) =>
        new(position, Evening, "w-1", deviceId, seq, amount, Wire.WireTime.Format(Evening), offline, 0, lines.Length == 0 ? null : lines);

    private static ChargeFact ChargeAt(long position, string deviceId, long seq, long amount, DateTimeOffset soldAt) =>
        new(position, soldAt, "w-1", deviceId, seq, amount, Wire.WireTime.Format(soldAt), false, 0);

    private static ChargeLine Item(string itemId, int quantity, long unitPrice) => new(LineKind.Item, itemId, quantity, unitPrice);

    private static ChargeLine Deposit(int quantity, long unitPrice) => new(LineKind.Deposit, "cup", quantity, unitPrice);

    private static ChargeLine Tip(long amount) => new(LineKind.Tip, null, 1, amount);
}
