using System.Net;
using System.Net.Http.Json;
using FestivalPos.PosApp.Screen;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;
using Microsoft.Playwright;

namespace FestivalPos.PosApp.Tests.Screen;

/// <summary>
/// A cashier at the touch screen, in Chromium: a basket of buttons sold online, then with the network cut and synced when
/// it is back; a declined tap; a QR code from the camera. The ledger is read through the organizer API after each.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class CashierScreenTests(PosSystem system, ScreenBrowser browser) : NetworkUpTests(system.Network), IClassFixture<ScreenBrowser>
{
    private static readonly CatalogItemRequest Beer = new("Beer 0.5 l", 650, 21, "drinks", Deposit: 200, MinimumAge: 18);
    private static readonly CatalogItemRequest Lemonade = new("Lemonade", 400, 9, "drinks");
    private static readonly CatalogItemRequest Fries = new("Fries", 350, 9, "food");

    [Fact]
    public async Task A_cashier_sells_a_basket_by_touch_online_then_with_the_network_cut()
    {
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        await using var stand = await OpenScreenAsync((walletId, 10_000));
        var page = await browser.NewPageAsync(stand.Screen.Address);
        await Expect(page.Locator("#link")).ToHaveTextAsync("Online");
        await Expect(page.Locator("#device")).ToHaveTextAsync($"terminal {stand.Terminal.Enrollment.DeviceId}");

        await page.Locator(".item[data-item=beer]").TapAsync();
        await page.Locator(".item[data-item=beer]").TapAsync();
        await page.Locator(".item[data-item=fries]").TapAsync();
        await page.Locator(".tip[data-tip='100']").TapAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("21.50");
        await ScreenBrowser.ScreenshotAsync(page, "cashier-basket");
        await page.Locator("#charge").TapAsync();
        await Expect(page.Locator("#age-text")).ToContainTextAsync("from age 18");
        await page.Locator("#age-ok").TapAsync();
        await TapWristbandAsync(page, uid);

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("APPROVED");
        await Expect(page.Locator("#result-detail")).ToHaveTextAsync("Online · balance 78.50");
        await ScreenBrowser.ScreenshotAsync(page, "cashier-approved");
        var online = (await stand.Terminal.Outbox.RecentAsync(1)).Single();
        online.Lines.Should().Equal(
            new SaleLine("item", "beer", 2, 650), new SaleLine("deposit", "beer", 2, 200), new SaleLine("item", "fries", 1, 350), new SaleLine("tip", null, 1, 100));
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().Equal((online.Seq, 2150L));

        system.Network.Mode = NetworkMode.Down;
        await page.Locator("#next").TapAsync();
        await page.Locator(".item[data-item=fries]").TapAsync();
        await page.Locator(".item[data-item=lemonade]").TapAsync();
        await page.Locator("#cups-plus").TapAsync();
        await Expect(page.Locator("#total")).ToHaveTextAsync("5.50");
        await page.Locator("#charge").TapAsync();
        await TapWristbandAsync(page, uid);

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("APPROVED");
        await Expect(page.Locator("#result-detail")).ToContainTextAsync("Offline");
        await page.Locator("#next").TapAsync();
        await Expect(page.Locator("#link")).ToHaveTextAsync("Offline · 1 to sync");
        await ScreenBrowser.ScreenshotAsync(page, "cashier-offline");

        system.Network.Mode = NetworkMode.Up;
        await Expect(page.Locator("#link")).ToHaveTextAsync("Online", new() { Timeout = 60_000 });
        var offline = (await stand.Terminal.Outbox.FindAsync(online.Seq + 1))!;
        offline.Lines.Should().Equal(new SaleLine("item", "fries", 1, 350), new SaleLine("item", "lemonade", 1, 400), new SaleLine("deposit", null, -1, 200));
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().Equal((online.Seq, 2150L), (offline.Seq, 550L));
    }

    [Fact]
    public async Task A_tap_on_a_blocked_wallet_is_declined_with_its_reason_and_the_basket_stays()
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        await system.BlockAsync(walletId);
        var page = await browser.NewPageAsync(stand.Screen.Address);

        await page.Locator(".item[data-item=fries]").TapAsync();
        await page.Locator("#charge").TapAsync();
        await TapWristbandAsync(page, uid);

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("DECLINED");
        await Expect(page.Locator("#result-detail")).ToContainTextAsync("This wallet is blocked");
        await ScreenBrowser.ScreenshotAsync(page, "cashier-declined");
        await page.Locator("#next").TapAsync();
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#total")).ToHaveTextAsync("3.50");
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_QR_code_read_by_the_camera_pays_once()
    {
        var (walletId, _) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        var token = (await PosSystem.ExpectAsync(system.Organizer.PostAsync($"/api/v1/wallets/{walletId}/qr-token", null), HttpStatusCode.OK))
            .GetProperty("token").GetString()!;
        var page = await browser.NewPageAsync(stand.Screen.Address);
        // Chromium on Linux has no BarcodeDetector: this one "reads" the token from the fake camera's picture.
        await page.EvaluateAsync("""
            token => { window.BarcodeDetector = class { constructor() {} async detect(video) { return video.readyState >= 2 ? [{ rawValue: token }] : []; } }; }
            """, token);

        await page.Locator(".item[data-item=lemonade]").TapAsync();
        await page.Locator("#charge").TapAsync();
        await page.Locator("#camera-start").TapAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("APPROVED", new() { Timeout = 20_000 });
        await Expect(page.Locator("#result-detail")).ToHaveTextAsync("Online · balance 46.00");
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Select(c => c.Amount).Should().Equal(400L);
    }

    [Fact]
    public async Task A_recent_sale_is_refunded_by_touch_a_cup_first_then_everything_left()
    {
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        await using var stand = await OpenScreenAsync((walletId, 10_000));
        var page = await browser.NewPageAsync(stand.Screen.Address);
        await page.Locator(".item[data-item=beer]").TapAsync();
        await page.Locator(".item[data-item=beer]").TapAsync();
        await page.Locator("#charge").TapAsync();
        await page.Locator("#age-ok").TapAsync();
        await TapWristbandAsync(page, uid);
        await Expect(page.Locator("#verdict")).ToHaveTextAsync("APPROVED");
        await page.Locator("#next").TapAsync();
        var seq = (await stand.Terminal.Outbox.RecentAsync(1)).Single().Seq;

        await page.Locator($"#recent li[data-seq='{seq}'] button").TapAsync();
        await page.Locator("#refund-cups-go").TapAsync();
        await Expect(page.Locator("#verdict")).ToHaveTextAsync("REFUNDED");
        await Expect(page.Locator("#result-detail")).ToHaveTextAsync($"Balance 85.00 · 15.00 left of sale #{seq}");
        await page.Locator("#next").TapAsync();
        await page.Locator($"#recent li[data-seq='{seq}'] button").TapAsync();
        await Expect(page.Locator("#refund-all")).ToHaveTextAsync("Everything left: 15.00");
        await page.Locator("#refund-all").TapAsync();

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("REFUNDED");
        await Expect(page.Locator("#result-detail")).ToHaveTextAsync($"Balance 100.00 · 0.00 left of sale #{seq}");
        await ScreenBrowser.ScreenshotAsync(page, "cashier-refunded");
        await page.Locator("#next").TapAsync();
        await Expect(page.Locator($"#recent li[data-seq='{seq}'] button")).ToHaveCountAsync(0);
        (await system.Organizer.GetFromJsonAsync<WalletResponse>($"/api/v1/wallets/{walletId}"))!.Balance.Should().Be(10_000);
    }

    [Fact]
    public async Task The_open_page_and_its_basket_carry_on_when_posapp_restarts()
    {
        var (walletId, uid) = await system.NewWalletAsync(5_000);
        await using var stand = await OpenScreenAsync((walletId, 5_000));
        var page = await browser.NewPageAsync(stand.Screen.Address);
        await page.Locator(".item[data-item=fries]").TapAsync();

        await stand.RestartAsync();
        await page.Locator("#charge").TapAsync();
        await TapWristbandAsync(page, uid);

        await Expect(page.Locator("#verdict")).ToHaveTextAsync("APPROVED");
        var sale = (await stand.Terminal.Outbox.RecentAsync(1)).Single();
        (await system.ChargesAsync(walletId, stand.Terminal.Enrollment.DeviceId)).Should().Equal((sale.Seq, 350L));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>What a keyboard-wedge reader does: it types the uid into the focused field and presses Enter.</summary>
    private static async Task TapWristbandAsync(IPage page, string uid)
    {
        await Expect(page.Locator("#scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(uid);
        await page.Keyboard.PressAsync("Enter");
    }

    private Task<ScreenAtStand> OpenScreenAsync(params (string WalletId, long Balance)[] wallets) =>
        ScreenAtStand.OpenAsync(system, [("beer", Beer), ("lemonade", Lemonade), ("fries", Fries)], wallets);
}
