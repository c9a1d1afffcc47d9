using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The one-command system, on its embedded default and on the cloud profile (Cosmos DB and Azure Table storage on their
/// local servers): its silo SIGKILLed while three terminals charge online and restarted by the AppHost.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed class SiloCrashTests(ITestOutputHelper output)
{
    private const int Wallets = 8;
    private const int Terminals = 3;
    private const int ChargesPerTerminal = 60;
    private const long InitialBalance = 1_000_000;
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(null)]
    [InlineData("cloud")]
    public async Task A_silo_killed_and_restarted_mid_stream_loses_no_acknowledged_charge_and_applies_none_twice(string? profile)
    {
        await using var system = await RunningSystem.StartAsync(profile);
        using var http = system.CreateClient();
        var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
        var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
        var wallets = new List<(string WalletId, string Uid)>();
        for (var i = 0; i < Wallets; i++)
        {
            var (walletId, uid) = ($"w-{i}", $"04A1B2C3D4E5F{i}");
            await organizer.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/v1/wallets", new { walletId });
            await organizer.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"api/v1/wallets/{walletId}/wristbands", new { uid });
            await topup.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "api/v1/topups", new { topupId = $"t-{i}", walletId, amount = InitialBalance });
            wallets.Add((walletId, uid));
        }

        var acknowledged = new long[Wallets];
        var sent = 0;
        var killed = new TaskCompletionSource();
        var retries = 0;

        async Task RunTerminalAsync(int terminal)
        {
            var deviceId = $"pos-{terminal}";
            var enrolled = (await organizer.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/v1/devices", new { deviceId, standId = "bar-1" }))!;
            var device = await ApiClient.SignInAsync(http, enrolled["clientId"]!.GetValue<string>(), enrolled["clientSecret"]!.GetValue<string>());
            var random = new Random(terminal);
            for (var seq = 1; seq <= ChargesPerTerminal; seq++)
            {
                var index = random.Next(Wallets);
                var amount = random.Next(1, 1000);
                var charge = new { seq, walletId = wallets[index].WalletId, amount, credential = new { type = "nfc", value = wallets[index].Uid }, createdAt = "2026-07-18T21:04:05Z" };
                var answer = await ChargeUntilAnsweredAsync(device, $"api/v1/devices/{deviceId}/payments", charge, () => Interlocked.Increment(ref retries));
                answer["status"]!.GetValue<string>().Should().Be("approved");
                answer["txId"]!.GetValue<string>().Should().Be($"{deviceId}:{seq}");
                Interlocked.Add(ref acknowledged[index], amount);
                if (Interlocked.Increment(ref sent) == Terminals * ChargesPerTerminal / 3)
                {
                    system.KillSilo();
                    killed.SetResult();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Terminals).Select(RunTerminalAsync));
        killed.Task.IsCompleted.Should().BeTrue();
        system.OutputContains("silo exited with code 137; restarting it").Should().BeTrue();

        for (var i = 0; i < Wallets; i++)
        {
            var wallet = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{wallets[i].WalletId}"))!;
            wallet["balance"]!.GetValue<long>().Should().Be(InitialBalance - acknowledged[i], "every acknowledged charge is applied once");
        }

        var chargeIds = await ChargeIdsAsync(organizer, wallets.Select(w => w.WalletId));
        chargeIds.Should().OnlyHaveUniqueItems().And.HaveCount(Terminals * ChargesPerTerminal);
        for (var terminal = 0; terminal < Terminals; terminal++)
        {
            var device = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/devices/pos-{terminal}"))!;
            device["ackedThrough"]!.GetValue<long>().Should().Be(ChargesPerTerminal);
            device["gaps"]!.AsArray().Should().BeEmpty();
        }

        RunningSystem.ProcessEnvironment(system.SiloProcessId).GetValueOrDefault("Ledger__Storage__Provider").Should().Be(profile is null ? null : "Cosmos");
        var (exitCode, report) = await system.VerifyLedgerAsync();
        exitCode.Should().Be(0, report);
        report.Should().Contain("ledger verified").And.Contain("0 broken");
        output.WriteLine($"{Terminals * ChargesPerTerminal} charges over HTTPS, {retries} retried requests around the silo restart; {report.Trim()}");
    }

    /// <summary>What a terminal does: on a timeout, a dropped connection or a 503 it sends the same seq again.</summary>
    private static async Task<JsonObject> ChargeUntilAnsweredAsync(ApiClient device, string path, object charge, Action onRetry)
    {
        var deadline = DateTimeOffset.UtcNow + RetryFor;
        while (true)
        {
            try
            {
                var (status, answer) = await device.SendAsync(HttpMethod.Post, path, charge);
                if (status == HttpStatusCode.OK)
                {
                    return answer!;
                }

                status.Should().BeOneOf([HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests], answer?.ToJsonString());
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The gateway did not answer: the outcome is unknown, so the same seq goes again.
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, "the system comes back after a silo restart");
            onRetry();
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    private static async Task<List<string>> ChargeIdsAsync(ApiClient organizer, IEnumerable<string> walletIds)
    {
        var ids = new List<string>();
        foreach (var walletId in walletIds)
        {
            long? after = 0;
            while (after is { } position)
            {
                var page = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{walletId}/transactions?after={position}&limit=100"))!;
                ids.AddRange(page["entries"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "charge").Select(e => e!["txId"]!.GetValue<string>()));
                after = page["next"]?.GetValue<long>();
            }
        }

        return ids;
    }
}
