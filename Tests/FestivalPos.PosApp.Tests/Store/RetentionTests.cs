using FestivalPos.PosApp.Store;
using FestivalPos.Wire.Contracts;
using Microsoft.Data.Sqlite;

namespace FestivalPos.PosApp.Tests.Store;

/// <summary>Settled sales a restored ledger could lack stay for the retention window after the server's cursor passed them.</summary>
public sealed class RetentionTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"posapp-unit-{Guid.NewGuid():N}");
    private readonly ManualTime _time = new(DateTimeOffset.Parse("2026-07-18T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Sales_are_kept_for_the_window_after_the_cursor_passed_them_and_trimmed_after_it()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, _time, retention: TimeSpan.FromHours(1));
        var offline = await AddAsync(outbox, SaleModes.Offline);
        var approved = await AddAsync(outbox, SaleModes.Online);
        var declined = await AddAsync(outbox, SaleModes.Online);
        await outbox.RecordAsync([new Settlement(approved, SaleStates.Approved, null), new Settlement(declined, SaleStates.Declined, "insufficientFunds")], SaleOwner.Cashier);
        var claimed = await outbox.ClaimAsync(SaleModes.Offline, 10);
        await outbox.RecordAsync([new Settlement(claimed.Single(), SaleStates.Applied, null)], SaleOwner.Sync, ackedThrough: 3);

        _time.Now += TimeSpan.FromSeconds(5);
        await new OfflineSnapshotStore(database, _time).CompleteRefreshAsync(_time.Now);
        (await outbox.TrimAsync()).Should().Be(1, "a declined sale is never sent again");
        (await outbox.FindAsync(declined.Seq)).Should().BeNull();
        (await outbox.RetainedAsync()).Should().Be(2);

        _time.Now += TimeSpan.FromSeconds(3594);
        (await outbox.TrimAsync()).Should().Be(0, "the window after the cursor passed them is not over");
        (await outbox.FindAsync(offline.Seq)).Should().NotBeNull();
        (await outbox.FindAsync(approved.Seq)).Should().NotBeNull();

        _time.Now += TimeSpan.FromSeconds(1);
        (await outbox.TrimAsync()).Should().Be(2);
        (await outbox.RetainedAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_window_starts_when_the_cursor_passes_a_sale_not_when_it_settles()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, _time, retention: TimeSpan.FromHours(1));
        await AddAsync(outbox, SaleModes.Offline);
        await AddAsync(outbox, SaleModes.Offline);
        var claimed = await outbox.ClaimAsync(SaleModes.Offline, 10);
        await outbox.RecordAsync([.. claimed.Select(e => new Settlement(e, SaleStates.Applied, null))], SaleOwner.Sync, ackedThrough: 1);

        _time.Now += TimeSpan.FromMinutes(30);
        await outbox.AdvanceCursorAsync(2);
        _time.Now += TimeSpan.FromMinutes(31);
        await new OfflineSnapshotStore(database, _time).CompleteRefreshAsync(_time.Now);

        (await outbox.TrimAsync()).Should().Be(1);
        (await outbox.FindAsync(2)).Should().NotBeNull("the cursor passed seq 2 only 31 minutes ago");
    }

    [Fact]
    public async Task A_store_written_before_retention_counts_its_window_from_the_settlement_of_sales_the_cursor_passed()
    {
        using (var database = StoreDatabase.Open(_directory, create: true))
        {
            var outbox = new Outbox(database, _time);
            await AddAsync(outbox, SaleModes.Offline);
            await AddAsync(outbox, SaleModes.Offline);
            var claimed = await outbox.ClaimAsync(SaleModes.Offline, 10);
            await outbox.RecordAsync([.. claimed.Select(e => new Settlement(e, SaleStates.Applied, null))], SaleOwner.Sync, ackedThrough: 1);
        }

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, StoreDatabase.FileName)};Pooling=False"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DROP INDEX outbox_sale_key; ALTER TABLE outbox DROP COLUMN sale_key;
                ALTER TABLE outbox DROP COLUMN acked_at; ALTER TABLE outbox DROP COLUMN lines;
                ALTER TABLE catalog DROP COLUMN vat_rate; ALTER TABLE catalog DROP COLUMN category;
                ALTER TABLE catalog DROP COLUMN deposit; ALTER TABLE catalog DROP COLUMN minimum_age; DROP TABLE refund;
                PRAGMA user_version = 3;
                """;
            downgrade.ExecuteNonQuery();
        }

        using (var database = StoreDatabase.Open(_directory))
        {
            var outbox = new Outbox(database, _time, retention: TimeSpan.Zero);
            await new OfflineSnapshotStore(database, _time).CompleteRefreshAsync(_time.Now + TimeSpan.FromSeconds(5));
            (await outbox.RetainedAsync()).Should().Be(1, "the migration marks the sale the cursor had passed");
            (await outbox.TrimAsync()).Should().Be(1);
            (await outbox.FindAsync(2)).Should().NotBeNull("seq 2 is above the cursor");
        }
    }

    [Fact]
    public async Task A_sale_sent_again_after_a_ledger_restore_keeps_its_lines()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, _time);
        SaleLine[] lines = [new("item", "beer", 2, 650), new("deposit", "beer", 2, 200), new("tip", null, 1, 100)];
        var sale = (await outbox.AddAsync(new NewSale("w-1", 1800, "2026-07-18T20:59:00Z", "nfc", "uid-1", "beer:2,tip:100", SaleModes.Online, lines), _ => "sig")).Entry!;
        await outbox.RecordAsync([new Settlement(sale, SaleStates.Approved, null)], SaleOwner.Cashier, ackedThrough: 1);

        (await outbox.FollowLedgerEpochAsync("restored-1", 0)).Should().Be(1);

        var resent = (await outbox.ClaimAsync(SaleModes.Offline, 10)).Single();
        resent.Should().Match<OutboxEntry>(e => e.Seq == sale.Seq && e.Amount == 1800 && e.Signature == "sig");
        resent.Lines.Should().Equal(lines);
    }

    [Theory]
    [InlineData(null, 24)]
    [InlineData("", 24)]
    [InlineData("0", 0)]
    [InlineData("48", 48)]
    [InlineData("720", 720)]
    public void The_window_is_read_in_whole_hours(string? hours, int expected) =>
        Retention.Parse(hours).Should().Be(TimeSpan.FromHours(expected));

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("24h")]
    [InlineData("721")]
    public void A_window_that_is_not_whole_hours_up_to_30_days_is_refused(string hours) =>
        FluentActions.Invoking(() => Retention.Parse(hours)).Should().Throw<PosException>()
            .Where(e => e.ExitCode == ExitCodes.Config && e.Message.Contains(Retention.Variable, StringComparison.Ordinal));

    private static async Task<OutboxEntry> AddAsync(Outbox outbox, string mode) =>
        (await outbox.AddAsync(new NewSale("w-1", 100, "2026-07-18T20:59:00Z", "nfc", "uid-1", "x", mode), _ => "sig")).Entry!;
}
