using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Wallets;
using FestivalPos.EndToEnd.Tests.Ledger;
using FestivalPos.Storage.Cosmos;
using Xunit.Abstractions;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// <c>dotnet run --project AppHost -- --profile cloud</c>, as the README runs it: the silo and the gateway on a
/// local Cosmos DB server and Azurite that the AppHost starts, and stops, or leaves to end by themselves
/// when it is killed.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed partial class CloudProfileTests(ITestOutputHelper output)
{
    private const string CloudProfile = "cloud";
    private const long InitialBalance = 100_000;
    private const long OfflineMaxPerWallet = 10_000;
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_cloud_profile_sells_into_Cosmos_DB_and_leaves_no_server_running_when_stopped()
    {
        int[] servers;
        int[] processes;
        await using (var system = await RunningSystem.StartAsync(profile: CloudProfile))
        {
            servers = ServerProcessIds(system);
            processes = [system.SiloProcessId, system.GatewayProcessId];
            servers.Should().OnlyContain(pid => IsRunning(pid));
            var silo = RunningSystem.ProcessEnvironment(system.SiloProcessId);
            silo.Should().Contain(new Dictionary<string, string> { ["Ledger__Storage__Provider"] = "Cosmos", ["Cluster__Membership"] = "AzureTable" });
            RunningSystem.ProcessEnvironment(system.GatewayProcessId).Should().Contain("Cluster__Membership", "AzureTable");
            foreach (var pid in processes)
            {
                File.ReadAllText($"/proc/{pid}/cmdline").Should().NotContain("AccountKey", "connection strings go in the environment, not in arguments");
            }

            var (book, wallets) = await SellAsync(system);
            await AssertStoredInCosmosAsync(silo, book, wallets);
        }

        foreach (var pid in servers.Concat(processes))
        {
            IsRunning(pid).Should().BeFalse($"process {pid} was stopped with the AppHost");
        }
    }

    [Fact]
    public async Task The_local_servers_of_the_cloud_profile_end_when_the_AppHost_is_killed()
    {
        await using var system = await RunningSystem.StartAsync(profile: CloudProfile);
        var servers = ServerProcessIds(system);
        await system.KillAppHostAsync();
        var deadline = DateTime.UtcNow + ExitTimeout;
        while (servers.Any(IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        servers.Where(IsRunning).Should().BeEmpty("Azurite and the Cosmos DB server exit when the AppHost that started them is gone");
    }

    /// <summary>An online charge and an offline batch, answered as API.md says and in the ledger as answered.</summary>
    private async Task<(SalesBook Book, List<TestWallet> Wallets)> SellAsync(RunningSystem system)
    {
        using var http = system.CreateClient();
        var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
        var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
        var wallets = await FestivalSetup.CreateWalletsAsync(organizer, topup, "w", 0, 2, InitialBalance);
        var terminal = (await FestivalSetup.EnrollAsync(organizer, http, "pos", 1, OfflineMaxPerWallet)).Single();
        var book = new SalesBook();

        (await book.SendAsync(book.Open(terminal, [terminal.Sell(SaleMode.Online, wallets[0], 450)]))).Should().BeTrue();
        (await book.SendAsync(book.Open(terminal, [terminal.Sell(SaleMode.Offline, wallets[0], 120), terminal.Sell(SaleMode.Offline, wallets[1], 300)]))).Should().BeTrue();
        book.AllSales.Select(sale => $"{sale.Mode} {book.AnswerOf(sale)}").Should().BeEquivalentTo(["Online approved", "Offline applied", "Offline applied"]);
        var charges = await LedgerAudit.AssertMatchesAsync(organizer, book, [terminal], wallets, InitialBalance);
        charges.Should().Be(3);
        var wallet = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{wallets[0].WalletId}"))!;
        wallet["balance"]!.GetValue<long>().Should().Be(InitialBalance - 450 - 120);
        output.WriteLine($"sold through {system.BaseAddress}: {string.Join(", ", book.AllSales.Select(sale => $"{sale.TxId} {book.AnswerOf(sale)}"))}");
        return (book, wallets);
    }

    /// <summary>Every sale is a charge event in its wallet's stream in the Cosmos DB container the silo writes, read with the SDK.</summary>
    private async Task AssertStoredInCosmosAsync(IReadOnlyDictionary<string, string> silo, SalesBook book, List<TestWallet> wallets)
    {
        var options = new CosmosStorageOptions
        {
            ConnectionString = silo["Ledger__Storage__Cosmos__ConnectionString"],
            ServerCertificatePath = silo["Ledger__Storage__Cosmos__ServerCertificatePath"],
        };
        await using var ledger = CosmosLedgerStore.Open(options);
        var stored = new List<string>();
        foreach (var wallet in wallets)
        {
            var events = await ledger.ReadAsync($"wallet/{wallet.WalletId}", 0, CancellationToken.None);
            events.Select(recorded => recorded.Version).Should().Equal(Enumerable.Range(1, events.Count).Select(version => (long)version));
            stored.AddRange(events.Select(recorded => JsonSerializer.Deserialize<WalletEvent>(recorded.Payload, LedgerJson.Options))
                .OfType<ChargeApproved>().Select(charge => $"{charge.TxId} {charge.Amount} {wallet.WalletId}"));
        }

        stored.Should().BeEquivalentTo(book.AllSales.Select(sale => $"{sale.TxId} {sale.Amount} {sale.WalletId}"));
        output.WriteLine($"in Cosmos DB ({options.DatabaseName}/{options.ContainerName}): {string.Join(", ", stored)}");
    }

    /// <summary>The Azurite and Cosmos DB server processes, from the pids the AppHost printed.</summary>
    private static int[] ServerProcessIds(RunningSystem system)
    {
        var pids = system.Output.Select(line => ServerStarted().Match(line)).Where(match => match.Success)
            .Select(match => int.Parse(match.Groups[1].Value)).ToArray();
        pids.Should().HaveCount(2, "the AppHost names both servers it started");
        return pids;
    }

    /// <summary>Whether the process exists and is not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\[apphost\] cloud profile: .*, pid (\d+)$")]
    private static partial Regex ServerStarted();
}
