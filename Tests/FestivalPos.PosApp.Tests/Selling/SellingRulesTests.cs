using System.Security.Cryptography;
using System.Text;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Nfc;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;
using FestivalPos.Wire;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Selling;

public sealed class SellingRulesTests
{
    [Theory]
    [InlineData(10_000, 0, 5000, 5000)]
    [InlineData(10_000, 4000, 5000, 1000)]
    [InlineData(3000, 1000, 5000, 2000)]
    [InlineData(3000, 4000, 5000, 0)]
    [InlineData(-200, 0, 5000, 0)]
    public void The_offline_allowance_is_the_capped_snapshot_balance_minus_unreflected_sales(long balance, long spent, long cap, long expected) =>
        Allowance.Remaining(balance, spent, cap).Should().Be(expected);

    [Fact]
    public void Offline_a_wristband_is_checked_by_its_digest_and_a_pin_is_refused()
    {
        var snapshotKey = RandomNumberGenerator.GetBytes(32);
        var wallet = new SnapshotWallet("w-1", 100, "active", [UidDigest.Compute(snapshotKey, "uid-1")], false);
        var check = new OfflineCredentialCheck(snapshotKey, TimeProvider.System);

        check.Refusal(wallet, new Credential(Credential.Nfc, "uid-1"), null, sunWristbandsOnly: false).Should().BeNull();
        check.Refusal(wallet, new Credential(Credential.Nfc, "uid-2"), null, sunWristbandsOnly: false).Should().Be("badCredential");
        new OfflineCredentialCheck(RandomNumberGenerator.GetBytes(32), TimeProvider.System).Refusal(wallet, new Credential(Credential.Nfc, "uid-1"), null, sunWristbandsOnly: false)
            .Should().Be("badCredential", "a digest under another festival's key names no wristband");
        check.Refusal(wallet, new Credential(Credential.Pin, "1234"), null, sunWristbandsOnly: false).Should().Be("pinOnlineOnly");
        check.Refusal(wallet, new Credential(Credential.Qr, "x.y"), null, sunWristbandsOnly: false).Should().Be("qrNotVerifiableOffline");
    }

    [Fact]
    public void Offline_a_sun_message_is_checked_by_its_mirrored_uid_and_a_bare_uid_pays_nowhere_only_sun_wristbands_pay()
    {
        var snapshotKey = RandomNumberGenerator.GetBytes(32);
        var wallet = new SnapshotWallet("w-1", 100, "active", [UidDigest.Compute(snapshotKey, "04DE5F1EACC040")], false);
        var check = new OfflineCredentialCheck(snapshotKey, TimeProvider.System);
        var tap = new Credential(Credential.NfcSun, "04DE5F1EACC040:00003D:94EED9EE65337086");

        check.Refusal(wallet, tap, null, sunWristbandsOnly: true).Should().BeNull();
        check.Refusal(wallet, new Credential(Credential.NfcSun, "041E3C8A2D6B80:000006:4B00064004B0B3D3"), null, sunWristbandsOnly: false).Should().Be("badCredential");
        check.Refusal(wallet, new Credential(Credential.NfcSun, "04DE5F1EACC040"), null, sunWristbandsOnly: false).Should().Be("badCredential");
        check.Refusal(wallet, new Credential(Credential.Nfc, "04DE5F1EACC040"), null, sunWristbandsOnly: false).Should().BeNull();
        check.Refusal(wallet, new Credential(Credential.Nfc, "04DE5F1EACC040"), null, sunWristbandsOnly: true).Should().Be("badCredential", "a uid can be cloned");
    }

    [Fact]
    public void A_qr_token_for_the_wallet_verifies_offline_until_it_expires()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        var now = DateTimeOffset.UtcNow;
        var token = QrToken.Create(key, "w-1", now.AddSeconds(60));
        var wallet = new SnapshotWallet("w-1", 100, "active", [], false);
        var clock = new FixedClock(now);
        var check = new OfflineCredentialCheck(new byte[32], clock);

        check.Refusal(wallet, new Credential(Credential.Qr, token), publicKey, sunWristbandsOnly: false).Should().BeNull();
        check.Refusal(wallet with { WalletId = "w-2" }, new Credential(Credential.Qr, token), publicKey, sunWristbandsOnly: false).Should().Be("badCredential");
        check.Refusal(wallet, new Credential(Credential.Qr, token + "A"), publicKey, sunWristbandsOnly: false).Should().Be("badCredential");
        clock.Now = now.AddSeconds(60) + WireTime.ClockSkew + TimeSpan.FromSeconds(1);
        check.Refusal(wallet, new Credential(Credential.Qr, token), publicKey, sunWristbandsOnly: false).Should().Be("badCredential");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_up_to_its_cap()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), new Random(1));
        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToList();

        delays[0].Should().BeInRange(50, 100);
        delays[3].Should().BeInRange(400, 800);
        delays[7].Should().BeInRange(500, 1000);
        backoff.Reset();
        backoff.Next().TotalMilliseconds.Should().BeLessThanOrEqualTo(100);
    }

    [Fact]
    public async Task A_keyboard_wedge_reader_reads_one_uid_per_line()
    {
        var reader = new KeyboardWedgeReader(new StringReader("\n04:A1:B2:C3\nuid-7\n"));

        (await reader.ReadUidAsync()).Should().Be("04A1B2C3");
        (await reader.ReadUidAsync()).Should().Be("uid-7");
        (await reader.ReadUidAsync()).Should().BeNull();
    }

    [Fact]
    public void Cli_arguments_take_repeated_options_and_flags()
    {
        var args = new CliArgs(["sell", "--wallet", "W", "--item", "beer:2", "--item=fries", "--offline"]);

        args.Command.Should().Be("sell");
        args.All("item").Should().Equal("beer:2", "fries");
        args.Get("wallet").Should().Be("W");
        args.Has("offline").Should().BeTrue();
        ((Action)(() => _ = new CliArgs(["sell", "--wallet"]))).Should().Throw<PosException>().Which.ExitCode.Should().Be(ExitCodes.Usage);
    }
}
