using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Sun;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>
/// Selling with SUN wristbands (<c>sell --nfc-sun MESSAGE</c>): online the gateway checks the message; offline the
/// terminal finds the wallet by the mirrored uid's digest, and the server checks the message at sync.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class SunWristbandSellingTests(PosSystem system) : NetworkUpTests(system.Network)
{
    [Fact]
    public async Task Sun_taps_sell_online_and_offline_and_a_replayed_message_is_held_for_review_at_sync()
    {
        var (walletId, uid, tagKey) = await NewSunWalletAsync(5000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        await PosSystem.WaitForSnapshotAsync(terminal, (walletId, shown => shown.Balance == 5000 && shown.UidDigests.Length == 2));
        var first = SunMessage.Create(tagKey, uid, 1).Value;

        var online = await Sell(terminal, "--wallet", walletId, "--nfc-sun", first, "--amount", "300");
        system.Network.Mode = NetworkMode.Down;
        var offline = await Sell(terminal, "--nfc-sun", SunMessage.Create(tagKey, uid, 2).Value, "--amount", "200");
        var replayed = await Sell(terminal, "--nfc-sun", first, "--amount", "100");
        system.Network.Mode = NetworkMode.Up;
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        online.Should().Be(new SaleResult(SaleVerdict.Approved, 1, SaleModes.Online, walletId, 300, null, 4700));
        offline.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Mode == SaleModes.Offline && r.WalletId == walletId,
            "the terminal finds the wallet by the digest of the mirrored uid");
        replayed.Verdict.Should().Be(SaleVerdict.Approved, "a terminal holds no wristband key and cannot tell a replay");
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((1L, 300L), (2L, 200L));
        var review = await PosSystem.ExpectAsync(system.Organizer.GetAsync("/api/v1/review?after=0&limit=500"), HttpStatusCode.OK);
        review.GetProperty("entries").EnumerateArray().Where(e => e.GetProperty("deviceId").GetString() == terminal.Enrollment.DeviceId)
            .Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("reason").GetString())).Should().Equal((3L, "badCredential"));
    }

    [Fact]
    public async Task A_malformed_sun_message_is_bad_input_and_sells_nothing()
    {
        var (walletId, uid, _) = await NewSunWalletAsync(1000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());

        var sell = () => Sell(terminal, "--wallet", walletId, "--nfc-sun", uid, "--amount", "100");

        (await sell.Should().ThrowAsync<PosException>()).Which.ExitCode.Should().Be(ExitCodes.BadInput);
        (await terminal.Outbox.BacklogAsync()).Count.Should().Be(0);
    }

    [Fact]
    public async Task A_sun_message_is_read_from_a_keyboard_wedge_reader_with_its_separators()
    {
        var (walletId, uid, tagKey) = await NewSunWalletAsync(1000);
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync());
        var tap = SunMessage.Create(tagKey, uid, 4).Value;

        var sale = await SellCommand.SellAsync(terminal, new CliArgs(["sell", "--wallet", walletId, "--nfc-sun", "-", "--amount", "100"]), new StringReader($"\n {tap}\n"));

        sale.Should().Match<SaleResult>(r => r.Verdict == SaleVerdict.Approved && r.Balance == 900);
    }

    private static Task<SaleResult> Sell(Terminal terminal, params string[] options) =>
        SellCommand.SellAsync(terminal, new CliArgs(["sell", .. options]), TextReader.Null);

    /// <summary>
    /// A wallet with a SUN wristband linked after its plain one and its top-up, and the key the encoding station got for it
    /// from the gateway. The snapshot learns of the link after the balance: wait for both uids before selling offline.
    /// </summary>
    private async Task<(string WalletId, string Uid, byte[] TagKey)> NewSunWalletAsync(long balance)
    {
        var (walletId, _) = await system.NewWalletAsync(balance);
        var uid = Convert.ToHexString(RandomNumberGenerator.GetBytes(SunMessage.UidBytes));
        await PosSystem.ExpectAsync(system.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid }), HttpStatusCode.NoContent);
        var keys = await PosSystem.ExpectAsync(system.Organizer.PostAsJsonAsync("/api/v1/wristbands/sun-keys", new { uids = new[] { uid } }), HttpStatusCode.OK);
        return (walletId, uid, Convert.FromHexString(keys.GetProperty("keys")[0].GetProperty("key").GetString()!));
    }
}
