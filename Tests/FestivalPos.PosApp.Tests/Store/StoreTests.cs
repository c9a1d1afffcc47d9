using System.Security.Cryptography;
using System.Text;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Store;

public sealed class StoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"posapp-unit-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Seqs_are_strictly_increasing_and_survive_reopening()
    {
        using (var database = StoreDatabase.Open(_directory, create: true))
        {
            var outbox = new Outbox(database, TimeProvider.System);
            (await AddAsync(outbox)).Seq.Should().Be(1);
            (await AddAsync(outbox)).Seq.Should().Be(2);
        }

        using (var database = StoreDatabase.Open(_directory))
        {
            var outbox = new Outbox(database, TimeProvider.System);
            (await AddAsync(outbox)).Seq.Should().Be(3);
            (await outbox.PendingAsync(SaleModes.Offline, 10)).Select(e => e.Seq).Should().Equal(1L, 2L, 3L);
        }
    }

    [Fact]
    public async Task A_refusing_guard_writes_nothing_and_uses_no_seq()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, TimeProvider.System);

        var (entry, refusal) = await outbox.AddAsync(Sale("w-1", 100), _ => "sig", (_, _) => "no");

        (entry, refusal).Should().Be(((OutboxEntry?)null, "no"));
        (await AddAsync(outbox)).Seq.Should().Be(1);
    }

    [Fact]
    public async Task A_withdrawn_seq_is_handed_out_again_only_if_it_was_the_last()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, TimeProvider.System);
        var (first, _) = await outbox.AddAsync(Sale("w-1", 100, SaleModes.Online), _ => "sig");
        await AddAsync(outbox);

        (await outbox.WithdrawAsync(first!)).Should().BeFalse("seq 2 came after it");
        var (third, _) = await outbox.AddAsync(Sale("w-1", 100, SaleModes.Online), _ => "sig");
        (await outbox.WithdrawAsync(third!)).Should().BeTrue();
        (await AddAsync(outbox)).Seq.Should().Be(3);
    }

    [Fact]
    public async Task An_answer_is_recorded_only_by_the_owner_and_only_on_the_row_with_the_answered_content()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, TimeProvider.System);
        var withdrawn = (await outbox.AddAsync(Sale("w-1", 800, SaleModes.Online), _ => "sig")).Entry!;
        (await outbox.WithdrawAsync(withdrawn)).Should().BeTrue();
        var reusing = (await outbox.AddAsync(Sale("w-2", 300, SaleModes.Online), _ => "sig")).Entry!;
        reusing.Seq.Should().Be(withdrawn.Seq);

        (await outbox.RecordAsync([new Settlement(withdrawn, SaleStates.Approved, null, 4200)], SaleOwner.Cashier)).Should().Be(0, "that answer is for the withdrawn sale");
        (await outbox.RecordAsync([new Settlement(reusing, SaleStates.Approved, null, 4700)], SaleOwner.Sync)).Should().Be(0, "the cashier holds the sale");
        (await outbox.FindAsync(1)).Should().Match<OutboxEntry>(e => e.State == SaleStates.Pending && e.WalletId == "w-2");

        (await outbox.RecordAsync([new Settlement(reusing, SaleStates.Approved, null, 4700)], SaleOwner.Cashier)).Should().Be(1);
        (await outbox.FindAsync(1)).Should().Match<OutboxEntry>(e => e.State == SaleStates.Approved && e.Balance == 4700);
        (await outbox.RecordAsync([new Settlement(reusing, SaleStates.Declined, null)], SaleOwner.Cashier)).Should().Be(0, "a settled sale keeps its answer");
    }

    [Fact]
    public async Task The_sync_claims_no_sale_the_cashier_holds_and_the_cashier_changes_none_it_let_go()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, TimeProvider.System);
        var online = (await outbox.AddAsync(Sale("w-1", 800, SaleModes.Online), _ => "sig")).Entry!;
        var offline = (await outbox.AddAsync(Sale("w-1", 300), _ => "sig")).Entry!;

        (await outbox.ClaimAsync(SaleModes.Online, 10)).Should().BeEmpty("the cashier holds the online sale");
        (await outbox.ClaimAsync(SaleModes.Offline, 10)).Select(e => e.Seq).Should().Equal(offline.Seq);
        await outbox.ReleaseClaimsAsync();
        await outbox.ReleaseAsync(online);
        (await outbox.ClaimAsync(SaleModes.Online, 10)).Select(e => e.Seq).Should().Equal(online.Seq);

        (await outbox.SwitchToOfflineAsync(online, (_, _) => null)).Should().Be(Outbox.NotHeld, "an offline approval needs a sale the cashier still holds");
        (await outbox.FindAsync(online.Seq))!.Mode.Should().Be(SaleModes.Online);
        await outbox.ReleaseClaimsAsync();
        (await outbox.SwitchToOfflineAsync(online, (_, _) => null)).Should().Be(Outbox.NotHeld, "the cashier let go of it");
    }

    [Fact]
    public async Task A_sale_is_switched_offline_or_withdrawn_only_while_the_cashier_holds_it_pending()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, TimeProvider.System);
        var sale = (await outbox.AddAsync(Sale("w-1", 800, SaleModes.Online), _ => "sig")).Entry!;
        (await outbox.RecordAsync([new Settlement(sale, SaleStates.Declined, "insufficientFunds")], SaleOwner.Cashier)).Should().Be(1);

        (await outbox.SwitchToOfflineAsync(sale, (_, _) => null)).Should().Be(Outbox.NotHeld);
        (await outbox.WithdrawAsync(sale)).Should().BeFalse();
        (await outbox.FindAsync(sale.Seq)).Should().Match<OutboxEntry>(e => e.State == SaleStates.Declined && e.Mode == SaleModes.Online);

        var next = (await outbox.AddAsync(Sale("w-1", 100, SaleModes.Online), _ => "sig")).Entry!;
        (await outbox.SwitchToOfflineAsync(next, (_, _) => null)).Should().BeNull();
        (await outbox.FindAsync(next.Seq))!.Mode.Should().Be(SaleModes.Offline);
        (await outbox.ClaimAsync(SaleModes.Offline, 10)).Select(e => e.Seq).Should().Equal(next.Seq);
    }

    [Fact]
    public async Task Sales_held_by_a_process_that_ended_are_taken_over_at_once_and_those_of_a_live_one_are_not()
    {
        StoreDatabase.Open(_directory, create: true).Dispose();
        using var syncing = StoreDatabase.Open(_directory);
        var sync = new Outbox(syncing, TimeProvider.System);
        OutboxEntry held;
        using (var selling = StoreDatabase.Open(_directory))
        {
            held = (await new Outbox(selling, TimeProvider.System).AddAsync(Sale("w-1", 800, SaleModes.Online), _ => "sig")).Entry!;
            (await sync.ClaimAsync(SaleModes.Online, 10)).Should().BeEmpty("the selling process still runs");
        }

        (await sync.ClaimAsync(SaleModes.Online, 10)).Select(e => e.Seq).Should().Equal(held.Seq);

        // A killed process leaves its lock file behind, unlocked.
        var killed = "0123456789abcdef0123456789abcdef";
        await File.WriteAllTextAsync(Path.Combine(_directory, StoreSession.FolderName, killed + ".lock"), string.Empty);
        await syncing.WriteAsync((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"UPDATE outbox SET owner = '{killed}:cashier'";
            return command.ExecuteNonQuery();
        });
        (await sync.ClaimAsync(SaleModes.Online, 10)).Select(e => e.Seq).Should().Equal(held.Seq);
        File.Exists(Path.Combine(_directory, StoreSession.FolderName, killed + ".lock")).Should().BeFalse("a dead session's lock file is cleared");
    }

    [Fact]
    public async Task The_outbox_is_trimmed_only_up_to_acked_through_and_once_the_snapshot_shows_the_sale()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-07-18T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, time, retention: TimeSpan.Zero);
        var snapshot = new OfflineSnapshotStore(database, time);
        for (var i = 0; i < 3; i++)
        {
            await AddAsync(outbox);
        }

        var claimed = await outbox.ClaimAsync(SaleModes.Offline, 10);
        (await outbox.RecordAsync([.. claimed.Select(e => new Settlement(e, SaleStates.Applied, null))], SaleOwner.Sync, ackedThrough: 2)).Should().Be(3);
        (await outbox.TrimAsync()).Should().Be(0, "no snapshot refresh has carried these sales yet");
        await WithSpendAsync(database, "w-1", spend => spend.Should().Be(300));

        time.Now += TimeSpan.FromSeconds(5);
        await snapshot.CompleteRefreshAsync(time.Now);
        await WithSpendAsync(database, "w-1", spend => spend.Should().Be(0));
        (await outbox.TrimAsync()).Should().Be(2, "seq 3 is above ackedThrough");
        (await outbox.FindAsync(3)).Should().NotBeNull();
    }

    [Fact]
    public async Task The_snapshot_remembers_whether_only_sun_wristbands_pay()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var snapshot = new OfflineSnapshotStore(database, TimeProvider.System);

        (await snapshot.SunWristbandsOnlyAsync()).Should().BeFalse("a snapshot that never said takes uids");
        await snapshot.ApplyPageAsync([], 7, null, "nfc-sun");
        await snapshot.ApplyPageAsync([], 8, null);
        (await snapshot.SunWristbandsOnlyAsync()).Should().BeTrue();
        await snapshot.ApplyPageAsync([], 9, null, "nfc");
        (await snapshot.SunWristbandsOnlyAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task The_stand_catalog_is_rewritten_only_when_its_version_moves()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var snapshot = new OfflineSnapshotStore(database, TimeProvider.System);
        var catalog = new CatalogStore(database);
        static StandResponse Stand(long version, params string[] items) =>
            new("bar-1", "Main bar", "v-1", version, [.. items.Select(item => new CatalogItemResponse(item, item, 500, 21, "drinks", 0, 0))]);

        await snapshot.ApplyPageAsync([], 1, null, catalog: Stand(3, "beer"));
        await snapshot.ApplyPageAsync([], 2, null, catalog: Stand(3, "water"));
        (await catalog.ListAsync()).Select(item => item.Item).Should().Equal(["beer"], "the same version is the same catalog: the page leaves it alone");

        await snapshot.ApplyPageAsync([], 3, null, catalog: Stand(4, "water"));
        (await catalog.ListAsync()).Select(item => item.Item).Should().Equal("water");

        await snapshot.ApplyPageAsync([], 4, null, catalog: new StandResponse("bar-1", null, null, 0, []));
        (await catalog.ListAsync()).Should().BeEmpty("a stand no longer defined takes its items away");
        await snapshot.ApplyPageAsync([], 5, null, catalog: Stand(4, "water"));
        (await catalog.ListAsync()).Select(item => item.Item).Should().Equal(["water"], "defined again, its catalog is written again");
    }

    [Fact]
    public async Task Secrets_are_encrypted_at_rest_under_an_owner_only_key_file()
    {
        var signingKey = RandomNumberGenerator.GetBytes(32);
        var snapshotKey = RandomNumberGenerator.GetBytes(32);
        using (var database = StoreDatabase.Open(_directory, create: true))
        {
            await new EnrollmentStore(database).SaveAsync(new Enrollment("http://gw", "d-1", "s-1", "device-d-1", "very-secret-client-secret", signingKey, snapshotKey, null, 5000));
            await new OfflineSnapshotStore(database, TimeProvider.System).ApplyPageAsync([new SnapshotWallet("w-1", 100, "active", ["ZGlnZXN0"], false)], 7, null);
            await new Outbox(database, TimeProvider.System).AddAsync(Sale("w-1", 100, credential: "9876"), _ => "sig");
        }

        var raw = await ReadAllAsync();
        raw.Should().NotContain("very-secret-client-secret").And.NotContain(Convert.ToBase64String(signingKey)).And.NotContain(Convert.ToBase64String(snapshotKey)).And.NotContain("9876");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(_directory, StoreKey.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.GetUnixFileMode(Path.Combine(_directory, StoreDatabase.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the store is owner-only too");
        }

        File.Exists(Path.Combine(_directory, StoreKey.FileName)).Should().BeTrue();

        using var reopened = StoreDatabase.Open(_directory);
        var loaded = await new EnrollmentStore(reopened).LoadAsync();
        loaded.ClientSecret.Should().Be("very-secret-client-secret");
        loaded.SigningKey.Should().Equal(signingKey);
        loaded.SnapshotKey.Should().Equal(snapshotKey);
        (await new OfflineSnapshotStore(reopened, TimeProvider.System).FindAsync("w-1"))!.UidDigests.Should().Equal("ZGlnZXN0");
    }

    [Fact]
    public async Task A_store_does_not_open_without_its_key()
    {
        StoreDatabase.Open(_directory, create: true).Dispose();
        File.Delete(Path.Combine(_directory, StoreKey.FileName));

        var open = () => StoreDatabase.Open(_directory);

        open.Should().Throw<PosException>().Which.ExitCode.Should().Be(ExitCodes.NotEnrolled);
        await Task.CompletedTask;
    }

    [Fact]
    public void Sealed_values_are_authenticated_and_bound_to_their_purpose()
    {
        var box = new SecretBox(RandomNumberGenerator.GetBytes(32));
        var sealedText = box.Seal("secret", "a");

        box.Open(sealedText, "a").Should().Be("secret");
        box.Seal("secret", "a").Should().NotBe(sealedText, "every seal has a fresh nonce");
        ((Action)(() => box.Open(sealedText, "b"))).Should().Throw<CryptographicException>();
        var tampered = Convert.FromBase64String(sealedText);
        tampered[^1] ^= 1;
        ((Action)(() => box.Open(Convert.ToBase64String(tampered), "a"))).Should().Throw<CryptographicException>();
        ((Action)(() => new SecretBox(RandomNumberGenerator.GetBytes(32)).Open(sealedText, "a"))).Should().Throw<CryptographicException>();
    }

    private async Task<string> ReadAllAsync()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(_directory, "posapp.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }

    private static Task WithSpendAsync(StoreDatabase database, string walletId, Action<long> check) =>
        database.ReadAsync(connection =>
        {
            check(Outbox.UnreflectedSpend(connection, null, walletId));
            return true;
        });

    private static async Task<OutboxEntry> AddAsync(Outbox outbox) => (await outbox.AddAsync(Sale("w-1", 100), _ => "sig")).Entry!;

    private static NewSale Sale(string walletId, long amount, string mode = SaleModes.Offline, string credential = "uid-1") =>
        new(walletId, amount, FestivalPos.Wire.WireTime.Format(DateTimeOffset.UnixEpoch), Credential.Nfc, credential, "x", mode);

    [Fact]
    public async Task A_refund_under_another_id_is_refused_while_one_of_the_same_sale_waits_for_its_answer()
    {
        using var database = StoreDatabase.Open(_directory, create: true);
        var refunds = new RefundStore(database, "d-1");
        var waiting = await refunds.BeginAsync(seq: 1, saleAmount: 1000, amount: 200, refundId: "screen-a");

        (await FluentActions.Invoking(() => refunds.BeginAsync(1, 1000, 200, "screen-b")).Should().ThrowAsync<PosException>())
            .Which.Message.Should().Contain("screen-a").And.Contain("not answered yet");
        (await refunds.BeginAsync(1, 1000, 200, "screen-a")).Should().Be(waiting, "the same refund is asked again");
        await refunds.AppliedAsync(waiting);
        (await refunds.BeginAsync(1, 1000, 200, "screen-b")).Should().Be(new Refund("screen-b", 1, 200, Refund.Pending));
        (await refunds.RefundedAsync([1, 2])).Should().Equal(new Dictionary<long, long> { [1] = 400 });
    }
}

public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
