using System.Security.Cryptography;
using System.Text;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;

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

        (await outbox.WithdrawAsync(first!.Seq)).Should().BeFalse("seq 2 came after it");
        var (third, _) = await outbox.AddAsync(Sale("w-1", 100, SaleModes.Online), _ => "sig");
        (await outbox.WithdrawAsync(third!.Seq)).Should().BeTrue();
        (await AddAsync(outbox)).Seq.Should().Be(3);
    }

    [Fact]
    public async Task The_outbox_is_trimmed_only_up_to_acked_through_and_once_the_snapshot_shows_the_sale()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-07-18T21:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var database = StoreDatabase.Open(_directory, create: true);
        var outbox = new Outbox(database, time);
        var snapshot = new OfflineSnapshotStore(database, time);
        for (var i = 0; i < 3; i++)
        {
            await AddAsync(outbox);
        }

        await outbox.RecordAsync([new SettledSeq(1, SaleStates.Applied, null), new SettledSeq(2, SaleStates.Applied, null), new SettledSeq(3, SaleStates.Applied, null)], ackedThrough: 2);
        (await outbox.TrimAsync()).Should().Be(0, "no snapshot refresh has carried these sales yet");
        await WithSpendAsync(database, "w-1", spend => spend.Should().Be(300));

        time.Now += TimeSpan.FromSeconds(5);
        await snapshot.CompleteRefreshAsync(time.Now);
        await WithSpendAsync(database, "w-1", spend => spend.Should().Be(0));
        (await outbox.TrimAsync()).Should().Be(2, "seq 3 is above ackedThrough");
        (await outbox.FindAsync(3)).Should().NotBeNull();
    }

    [Fact]
    public async Task Secrets_and_pin_verifiers_are_encrypted_at_rest_under_an_owner_only_key_file()
    {
        var signingKey = RandomNumberGenerator.GetBytes(32);
        using (var database = StoreDatabase.Open(_directory, create: true))
        {
            await new EnrollmentStore(database).SaveAsync(new Enrollment("http://gw", "d-1", "s-1", "device-d-1", "very-secret-client-secret", signingKey, null, 5000));
            await new OfflineSnapshotStore(database, TimeProvider.System).ApplyPageAsync(
                [new SnapshotWallet("w-1", 100, "active", ["uid-1"], new PinVerifier("c2FsdHNhbHRzYWx0", "aGFzaGhhc2hoYXNoaGFzaA==", 1000, "PBKDF2-SHA256"), false)], 7, null);
            await new Outbox(database, TimeProvider.System).AddAsync(Sale("w-1", 100, credential: "9876"), _ => "sig");
        }

        var raw = await ReadAllAsync();
        raw.Should().NotContain("very-secret-client-secret").And.NotContain(Convert.ToBase64String(signingKey)).And.NotContain("aGFzaGhhc2hoYXNoaGFzaA").And.NotContain("9876");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(_directory, StoreKey.FileName)).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Exists(Path.Combine(_directory, StoreKey.FileName)).Should().BeTrue();

        using var reopened = StoreDatabase.Open(_directory);
        var loaded = await new EnrollmentStore(reopened).LoadAsync();
        loaded.ClientSecret.Should().Be("very-secret-client-secret");
        loaded.SigningKey.Should().Equal(signingKey);
        (await new OfflineSnapshotStore(reopened, TimeProvider.System).FindAsync("w-1"))!.Pin!.Hash.Should().Be("aGFzaGhhc2hoYXNoaGFzaA==");
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
        new(walletId, amount, SaleSigner.Timestamp(DateTimeOffset.UnixEpoch), Credential.Nfc, credential, "x", mode);
}

public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
