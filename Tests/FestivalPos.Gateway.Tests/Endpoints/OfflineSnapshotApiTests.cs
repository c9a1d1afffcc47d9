using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>The offline snapshot served from the real projection grain, fed by wallet changes made through the API.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OfflineSnapshotApiTests(GatewayFixture fixture)
{
    private const string Pin = "48213957";

    [Fact]
    public async Task A_device_sees_a_wallets_balance_and_uid_digests_but_no_uid_and_no_pin_material()
    {
        var device = await fixture.EnrollDeviceAsync();
        var snapshots = new SnapshotReader(device.Client, device.DeviceId);
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1200);
        var secondUid = TestApi.NewId("uid");
        (await fixture.Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid = secondUid })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = Pin })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var (wallet, read) = await snapshots.WaitForAsync(walletId, w => w.GetProperty("uidDigests").GetArrayLength() == 2);

        wallet.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["walletId", "balance", "status", "uidDigests", "pinLocked"]);
        wallet.GetProperty("balance").GetInt64().Should().Be(1200);
        wallet.GetProperty("status").GetString().Should().Be("active");
        wallet.GetProperty("uidDigests").EnumerateArray().Select(u => u.GetString()).Should().BeEquivalentTo(
            [FestivalPos.Wire.UidDigest.Compute(device.SnapshotKey, uid), FestivalPos.Wire.UidDigest.Compute(device.SnapshotKey, secondUid)],
            "a terminal finds a tapped wristband by its digest under the enrollment's snapshot key");
        wallet.GetProperty("pinLocked").GetBoolean().Should().BeFalse();
        read.Pages.Should().AllSatisfy(page => page.ToString().Should().NotContainAny(Pin, uid, secondUid, "salt", "\"hash\""));
        read.Blocked.Should().NotContain(walletId);
        read.Pages.Should().AllSatisfy(page => page.GetProperty("wristbandCredential").GetString().Should().Be("nfc", "the festival takes uids unless configured otherwise"));
    }

    [Fact]
    public async Task An_organizer_sees_a_blocked_wallet_in_the_blocked_list_until_it_is_unblocked()
    {
        var device = await fixture.EnrollDeviceAsync();
        var snapshots = new SnapshotReader(fixture.Organizer, device.DeviceId);
        var (walletId, _) = await fixture.NewWalletAsync(balance: 30);
        var since = (await snapshots.WaitForAsync(walletId, w => w.GetProperty("balance").GetInt64() == 30)).Read.Version;

        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var (blocked, read) = await snapshots.WaitForAsync(walletId, w => w.GetProperty("status").GetString() == "blocked", since);
        (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/unblock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var (unblocked, later) = await snapshots.WaitForAsync(walletId, w => w.GetProperty("status").GetString() == "active", read.Version);

        blocked.GetProperty("balance").GetInt64().Should().Be(30);
        read.Blocked.Should().Contain(walletId);
        unblocked.GetProperty("balance").GetInt64().Should().Be(30);
        later.Blocked.Should().NotContain(walletId);
    }

    [Fact]
    public async Task Five_wrong_pins_show_the_wallet_pin_locked()
    {
        var device = await fixture.EnrollDeviceAsync();
        var snapshots = new SnapshotReader(device.Client, device.DeviceId);
        var (walletId, _) = await fixture.NewWalletAsync(balance: 100);
        (await fixture.Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin = Pin })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        for (var seq = 1; seq <= 5; seq++)
        {
            var payment = new { seq, walletId, amount = 10, credential = new { type = "pin", value = "00000000" }, createdAt = TestApi.CreatedAt };
            (await device.Client.PostAsJsonAsync(device.Payments, payment)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var (wallet, _) = await snapshots.WaitForAsync(walletId, w => w.GetProperty("pinLocked").GetBoolean());
        wallet.GetProperty("balance").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task Since_answers_only_the_wallets_changed_after_that_version()
    {
        var device = await fixture.EnrollDeviceAsync();
        var snapshots = new SnapshotReader(device.Client, device.DeviceId);
        var (unchanged, _) = await fixture.NewWalletAsync(balance: 10);
        var (changed, _) = await fixture.NewWalletAsync(balance: 20);
        await snapshots.WaitForAsync(unchanged, _ => true);
        var since = (await snapshots.WaitForAsync(changed, w => w.GetProperty("balance").GetInt64() == 20)).Read.Version;

        var topUp = await fixture.TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId = TestApi.NewId("t"), walletId = changed, amount = 5 });
        topUp.StatusCode.Should().Be(HttpStatusCode.OK);
        var (wallet, read) = await snapshots.WaitForAsync(changed, w => w.GetProperty("balance").GetInt64() == 25, since);

        wallet.GetProperty("balance").GetInt64().Should().Be(25);
        read.WalletIds.Should().NotContain(unchanged);
        read.Version.Should().BeGreaterThan(since);
        (await snapshots.ReadAllAsync(read.Version)).WalletIds.Should().NotContain([changed, unchanged]);
    }

    [Fact]
    public async Task Pages_hold_at_most_the_page_size_and_more_says_another_follows()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Sync:SnapshotPageSize"] = "2" });
        var device = await fixture.EnrollDeviceAsync(gateway);
        var snapshots = new SnapshotReader(device.Client, device.DeviceId);
        var since = await new SnapshotReader(fixture.Organizer, device.DeviceId).HeadAsync();
        var walletIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            walletIds.Add((await fixture.NewWalletAsync(balance: 7)).WalletId);
        }

        await snapshots.WaitForAsync(walletIds[^1], _ => true, since);
        var read = await snapshots.ReadAllAsync(since);

        read.WalletIds.Should().Contain(walletIds);
        read.Pages.Should().HaveCountGreaterThanOrEqualTo(2);
        read.Pages.Should().AllSatisfy(page => page.GetProperty("wallets").GetArrayLength().Should().BeLessThanOrEqualTo(2));
        read.Pages.SkipLast(1).Should().AllSatisfy(page => page.GetProperty("more").GetBoolean().Should().BeTrue());
        read.Pages.Select(page => page.GetProperty("version").GetInt64()).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_device_may_not_read_another_devices_snapshot_and_an_unknown_device_is_404()
    {
        var device = await fixture.EnrollDeviceAsync();
        var other = await fixture.EnrollDeviceAsync();

        var forbidden = await device.Client.GetAsync($"/api/v1/devices/{other.DeviceId}/offline-snapshot");
        var unknown = await fixture.Organizer.GetAsync($"/api/v1/devices/{TestApi.NewId("d")}/offline-snapshot");

        (await forbidden.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("type").GetString().Should().EndWith("other-device");
        (await unknown.ProblemAsync(HttpStatusCode.NotFound)).GetProperty("type").GetString().Should().EndWith("device-not-found");
    }

    [Fact]
    public async Task A_negative_since_is_400()
    {
        var device = await fixture.EnrollDeviceAsync();

        await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/offline-snapshot?since=-1")).ProblemAsync(HttpStatusCode.BadRequest);
    }
}
