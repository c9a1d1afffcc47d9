using System.Security.Cryptography;
using System.Text;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Nfc;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;

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
    public void The_signature_is_hmac_sha256_over_the_api_string()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var expected = Convert.ToBase64String(new HMACSHA256(key).ComputeHash(Encoding.UTF8.GetBytes("d-1|17|w-123|450|2026-07-18T21:04:05Z")));

        SaleSigner.Sign(key, "d-1", 17, "w-123", 450, "2026-07-18T21:04:05Z").Should().Be(expected);
        SaleSigner.Timestamp(new DateTimeOffset(2026, 7, 18, 23, 4, 5, 987, TimeSpan.FromHours(2))).Should().Be("2026-07-18T21:04:05Z");
    }

    [Fact]
    public void A_pin_is_checked_against_its_pbkdf2_verifier()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes("1234"), salt, 1000, HashAlgorithmName.SHA256, 32);
        var verifier = new PinVerifier(Convert.ToBase64String(salt), Convert.ToBase64String(hash), 1000, "PBKDF2-SHA256");
        var wallet = new SnapshotWallet("w-1", 100, "active", ["uid-1"], verifier, false);
        var check = new OfflineCredentialCheck(TimeProvider.System);

        check.Refusal(wallet, new Credential(Credential.Pin, "1234"), null).Should().BeNull();
        check.Refusal(wallet, new Credential(Credential.Pin, "1235"), null).Should().Be("badCredential");
        check.Refusal(wallet with { PinLocked = true }, new Credential(Credential.Pin, "1234"), null).Should().Be("badCredential");
        check.Refusal(wallet, new Credential(Credential.Nfc, "uid-1"), null).Should().BeNull();
        check.Refusal(wallet, new Credential(Credential.Nfc, "uid-2"), null).Should().Be("badCredential");
        check.Refusal(wallet, new Credential(Credential.Qr, "x.y"), null).Should().Be("qrNotVerifiableOffline");
    }

    [Fact]
    public void A_qr_token_verifies_offline_until_it_expires()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        var now = DateTimeOffset.UtcNow;
        var payload = Encoding.UTF8.GetBytes($$"""{"walletId":"w-1","exp":{{now.AddSeconds(60).ToUnixTimeSeconds()}}}""");
        var token = $"{System.Buffers.Text.Base64Url.EncodeToString(payload)}.{System.Buffers.Text.Base64Url.EncodeToString(key.SignData(payload, HashAlgorithmName.SHA256))}";

        QrToken.Verify(token, publicKey, now).Should().Be("w-1");
        QrToken.Verify(token, publicKey, now.AddSeconds(61)).Should().BeNull();
        QrToken.Verify(token.Replace('.', '.') + "A", publicKey, now).Should().BeNull();
        QrToken.Verify("garbage", publicKey, now).Should().BeNull();
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
