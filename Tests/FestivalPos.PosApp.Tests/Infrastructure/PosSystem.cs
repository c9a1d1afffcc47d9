using FestivalPos.Wire.Contracts;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>
/// One silo, the real gateway on Kestrel, and a fault proxy that terminals reach it through; with
/// organizer and top-up clients talking straight to the gateway, for setting up and reading the ledger.
/// The silo's ledger is a temporary SQLite file and its membership localhost, unless a derived system's profile says otherwise.
/// </summary>
public class PosSystem : IAsyncLifetime
{
    private readonly Func<Task<SiloProfile>> _startProfile;
    private SiloProfile? _profile;

    public PosSystem()
        : this(() => Task.FromResult(SiloProfile.Sqlite()))
    {
    }

    /// <summary>A collection fixture has a single public constructor, so a derived system names its profile through this one.</summary>
    protected PosSystem(Func<Task<SiloProfile>> startProfile)
    {
        _startProfile = startProfile;
    }

    public TestSilo Silo { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public FaultProxy Network { get; private set; } = null!;

    public HttpClient Organizer { get; private set; } = null!;

    public HttpClient TopUp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _profile = await _startProfile();
        Silo = await TestSilo.StartAsync(_profile);
        Gateway = new TestGateway(Silo);
        Gateway.UseKestrel();
        Gateway.StartServer();
        Network = new FaultProxy(Gateway.Port);
        Organizer = await SignInAsync(TestGateway.OrganizerId, TestGateway.OrganizerSecret);
        TopUp = await SignInAsync(TestGateway.TopUpId, TestGateway.TopUpSecret);
    }

    public async Task DisposeAsync()
    {
        await Network.DisposeAsync();
        await Gateway.DisposeAsync();
        await Silo.DisposeAsync();
        if (_profile is not null)
        {
            await _profile.DisposeAsync();
        }
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task<(string WalletId, string Uid)> NewWalletAsync(long balance, string? pin = null)
    {
        var walletId = NewId("w");
        var uid = NewId("uid");
        await ExpectAsync(Organizer.PostAsJsonAsync("/api/v1/wallets", new { walletId }), HttpStatusCode.Created);
        await ExpectAsync(Organizer.PostAsJsonAsync($"/api/v1/wallets/{walletId}/wristbands", new { uid }), HttpStatusCode.NoContent);
        if (pin is not null)
        {
            await ExpectAsync(Organizer.PutAsJsonAsync($"/api/v1/wallets/{walletId}/pin", new { pin }), HttpStatusCode.NoContent);
        }

        if (balance > 0)
        {
            await ExpectAsync(TopUp.PostAsJsonAsync("/api/v1/topups", new { topupId = NewId("t"), walletId, amount = balance }), HttpStatusCode.OK);
        }

        return (walletId, uid);
    }

    public Task BlockAsync(string walletId) => ExpectAsync(Organizer.PostAsync($"/api/v1/wallets/{walletId}/block", null), HttpStatusCode.NoContent);

    /// <summary>A new device, enrolled through the API: its answer, with the device's secret and keys.</summary>
    public Task<JsonElement> NewDeviceAsync(long maxPerWallet = Enrollment.DefaultOfflineMaxPerWallet, string standId = "bar-1") =>
        ExpectAsync(Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId = NewId("d"), standId, offlineMaxPerWallet = maxPerWallet }), HttpStatusCode.Created);

    /// <summary>Enrolls a new device through the API and stores the answer in a new terminal store (reaching the gateway through the fault proxy unless told otherwise).</summary>
    public async Task<string> EnrollTerminalAsync(long maxPerWallet = Enrollment.DefaultOfflineMaxPerWallet, string? gatewayUrl = null, string standId = "bar-1")
    {
        var body = await NewDeviceAsync(maxPerWallet, standId);
        var directory = Path.Combine(Path.GetTempPath(), $"posapp-test-{Guid.NewGuid():N}");
        await Terminal.EnrollAsync(directory, Enrollment.From(body.Deserialize<EnrolledDevice>(JsonSerializerOptions.Web)!, gatewayUrl ?? Network.Url, null),
            [new CatalogItem("beer", "Beer 0.5l", 450), new CatalogItem("fries", "Fries", 300)]);
        return directory;
    }

    /// <summary>Defines a new stand with the given items through the organizer API; answers its id.</summary>
    public Task<string> NewStandAsync(params (string ItemId, CatalogItemRequest Item)[] items) => NewStandAsync(null, items);

    /// <summary>Defines a new stand named <paramref name="name"/> (null: after its id) with the given items; answers its id.</summary>
    public async Task<string> NewStandAsync(string? name, params (string ItemId, CatalogItemRequest Item)[] items)
    {
        var standId = NewId("stand");
        await ExpectAsync(Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}", new DefineStandRequest(name ?? $"Stand {standId}", "v-test")), HttpStatusCode.OK);
        foreach (var (itemId, item) in items)
        {
            await ExpectAsync(Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}/items/{itemId}", item), HttpStatusCode.OK);
        }

        return standId;
    }

    /// <summary>Settlement by stand once the report's projection has read the whole ledger feed as it is now.</summary>
    public async Task<SettlementResponse> SettlementByStandAsync()
    {
        var head = (await Silo.Grains.GetGrain<Grains.Interfaces.Feed.ILedgerFeedPumpGrain>(Grains.Interfaces.Feed.LedgerFeedStreams.Key).Pump()).Head;
        for (var poll = 0; ; poll++)
        {
            var report = (await ExpectAsync(Organizer.GetAsync("/api/v1/reports/settlement?by=stand"), HttpStatusCode.OK)).Deserialize<SettlementResponse>(JsonSerializerOptions.Web)!;
            if (report.ThroughPosition >= head)
            {
                return report;
            }

            poll.Should().BeLessThan(600, "the settlement projection should catch up with the ledger feed");
            await Task.Delay(100);
        }
    }

    /// <summary>The device's charges in the wallet's ledger: (seq, amount), in ledger order.</summary>
    public async Task<List<(long Seq, long Amount)>> ChargesAsync(string walletId, string deviceId) =>
        [.. (await EntriesAsync(walletId)).Where(e => e.GetProperty("kind").GetString() == "charge" && e.GetProperty("deviceId").GetString() == deviceId)
            .Select(e => (e.GetProperty("seq").GetInt64(), -e.GetProperty("amount").GetInt64()))];

    /// <summary>The refunds in the wallet's ledger: (refundId, amount), in ledger order.</summary>
    public async Task<List<(string RefundId, long Amount)>> RefundsAsync(string walletId) =>
        [.. (await EntriesAsync(walletId)).Where(e => e.GetProperty("kind").GetString() == "refund")
            .Select(e => (e.GetProperty("txId").GetString()!, e.GetProperty("amount").GetInt64()))];

    /// <summary>Every entry of the wallet's history, page by page, in ledger order.</summary>
    private async Task<List<JsonElement>> EntriesAsync(string walletId)
    {
        var entries = new List<JsonElement>();
        long after = 0;
        while (true)
        {
            var page = await ExpectAsync(Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after={after}&limit=500"), HttpStatusCode.OK);
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null)
            {
                return entries;
            }

            after = page.GetProperty("next").GetInt64();
        }
    }

    /// <summary>Syncs the terminal until its snapshot knows every given wallet with at least the given balance.</summary>
    public static Task WaitForSnapshotAsync(Terminal terminal, params (string WalletId, long Balance)[] wallets) =>
        WaitForSnapshotAsync(terminal, [.. wallets.Select(w => (w.WalletId, (Func<SnapshotWallet, bool>)(shown => shown.Balance >= w.Balance)))]);

    /// <summary>Syncs the terminal until its snapshot shows every given wallet as the condition wants.</summary>
    public static async Task WaitForSnapshotAsync(Terminal terminal, params (string WalletId, Func<SnapshotWallet, bool> Shows)[] wallets)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
            var known = true;
            foreach (var (walletId, shows) in wallets)
            {
                known &= await terminal.Snapshot.FindAsync(walletId) is { } wallet && shows(wallet);
            }

            if (known)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The offline snapshot never showed the wallets.");
    }

    public static async Task<JsonElement> ExpectAsync(Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
    }

    private async Task<HttpClient> SignInAsync(string clientId, string secret)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Gateway.Port}") };
        var token = await ExpectAsync(client.PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret }), HttpStatusCode.OK);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }
}

/// <summary>The system on Azure's data plane: its silo's ledger in a local Cosmos DB server and its membership in Azurite, both its own.</summary>
public sealed class CloudPosSystem() : PosSystem(SiloProfile.StartCloudAsync);

[CollectionDefinition(Name)]
public sealed class PosSystemCollection : ICollectionFixture<PosSystem>
{
    public const string Name = "pos-system";
}

[CollectionDefinition(Name)]
public sealed class CloudPosSystemCollection : ICollectionFixture<CloudPosSystem>
{
    public const string Name = "cloud-pos-system";
}
