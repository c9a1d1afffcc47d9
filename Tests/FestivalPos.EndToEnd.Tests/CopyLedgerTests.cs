using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using FestivalPos.DevServers;
using Microsoft.Azure.Cosmos;
using Xunit.Abstractions;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// <c>Silo copy-ledger</c>, as the README runs it: the SQLite ledger of a system that sold copied into a local
/// Cosmos DB server, compared and verified there; a second copy into the same container is refused, and an
/// event edited in the target is found by <c>verify-ledger</c> run against it. A ledger on PostgreSQL is copied the same way.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed class CopyLedgerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long InitialBalance = 1_000;
    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-copy-{Guid.NewGuid():N}");
    private CosmosServer _cosmos = null!;

    public async Task InitializeAsync() => _cosmos = await CosmosServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _cosmos.DisposeAsync();
        if (Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_ledger_copied_into_Cosmos_DB_verifies_there_and_a_tampered_copy_does_not()
    {
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            await SellAsync(system);
        }

        var copy = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["copy-ledger", "--Keys:Provider=File"], TargetEnvironment());
        output.WriteLine(copy.Output);
        copy.ExitCode.Should().Be(0, copy.Output);
        copy.Output.Should().Contain("ledger copied and verified").And.Contain("0 differences").And.Contain("0 broken");

        var again = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["copy-ledger", "--Keys:Provider=File"], TargetEnvironment());
        again.ExitCode.Should().Be(2, again.Output);
        again.Output.Should().Contain("refused: the target already holds streams");

        await TamperWithAChargeAsync("wallet/w-0");
        var verify = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["verify-ledger", "--Keys:Provider=File"], CosmosLedgerEnvironment());
        output.WriteLine(verify.Output);
        verify.ExitCode.Should().Be(1, verify.Output);
        verify.Output.Should().Contain("BROKEN wallet/w-0").And.Contain("ledger BROKEN");
    }

    [Fact]
    public async Task A_ledger_on_PostgreSQL_copied_into_Cosmos_DB_verifies_there()
    {
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            await SellAsync(system);
        }

        var postgres = PostgresServer.Shared.CreateDatabase("copy");
        var toPostgres = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["copy-ledger", "--Keys:Provider=File"], new Dictionary<string, string>
        {
            ["Target__Provider"] = "PostgreSql",
            ["Target__PostgreSql__ConnectionString"] = postgres,
        });
        toPostgres.ExitCode.Should().Be(0, toPostgres.Output);

        var fromPostgres = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["copy-ledger", "--Keys:Provider=File"], new Dictionary<string, string>(TargetEnvironment())
        {
            ["Ledger__Storage__Provider"] = "PostgreSql",
            ["Ledger__Storage__PostgreSql__ConnectionString"] = postgres,
        });
        output.WriteLine(fromPostgres.Output);
        fromPostgres.ExitCode.Should().Be(0, fromPostgres.Output);
        fromPostgres.Output.Should().Contain("ledger copied and verified").And.Contain("0 differences").And.Contain("0 broken");
        var verify = await RunningSystem.RunSiloCommandAsync(_workingDirectory, ["verify-ledger", "--Keys:Provider=File"], CosmosLedgerEnvironment());
        verify.ExitCode.Should().Be(0, verify.Output);
        verify.Output.Should().Contain("ledger verified").And.Contain("0 broken");
    }

    /// <summary>Online charges (one declined for funds), an offline batch, on two wallets and one terminal.</summary>
    internal static async Task SellAsync(RunningSystem system)
    {
        using var http = system.CreateClient();
        var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
        var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
        var wallets = await FestivalSetup.CreateWalletsAsync(organizer, topup, "w", 0, 2, InitialBalance);
        var terminal = (await FestivalSetup.EnrollAsync(organizer, http, "pos", 1, InitialBalance)).Single();
        var book = new SalesBook();
        (await book.SendAsync(book.Open(terminal, [terminal.Sell(SaleMode.Online, wallets[0], 400)]))).Should().BeTrue();
        (await book.SendAsync(book.Open(terminal, [terminal.Sell(SaleMode.Offline, wallets[0], 100), terminal.Sell(SaleMode.Offline, wallets[1], 250)]))).Should().BeTrue();
        var declined = terminal.Sell(SaleMode.Online, wallets[1], 5_000);
        (await book.SendAsync(book.Open(terminal, [declined]))).Should().BeTrue();
        book.AllSales.Select(sale => $"{sale.TxId} {book.AnswerOf(sale)}").Should().BeEquivalentTo(["pos-0:1 approved", "pos-0:2 applied", "pos-0:3 applied", "pos-0:4 declined:insufficientFunds"]);
    }

    private Dictionary<string, string> TargetEnvironment() => new()
    {
        ["Target__Provider"] = "Cosmos",
        ["Target__Cosmos__ConnectionString"] = _cosmos.ConnectionString,
        ["Target__Cosmos__ServerCertificatePath"] = _cosmos.CertificatePath,
    };

    private Dictionary<string, string> CosmosLedgerEnvironment() => new()
    {
        ["Ledger__Storage__Provider"] = "Cosmos",
        ["Ledger__Storage__Cosmos__ConnectionString"] = _cosmos.ConnectionString,
        ["Ledger__Storage__Cosmos__ServerCertificatePath"] = _cosmos.CertificatePath,
    };

    /// <summary>Lowers the amount of the stream's first charge in its stored append document, leaving its hash as it was.</summary>
    private async Task TamperWithAChargeAsync(string streamId)
    {
        var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(_cosmos.CertificatePath)).RawData;
        using var client = new CosmosClient(_cosmos.ConnectionString, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            UseSystemTextJsonSerializerWithOptions = new System.Text.Json.JsonSerializerOptions(),
            HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned),
            }),
        });
        var container = client.GetContainer("festivalpos", "ledger");
        var query = new QueryDefinition("SELECT * FROM c WHERE c.PartitionKey = @stream AND c.kind = 'append'").WithParameter("@stream", streamId);
        using var pages = container.GetItemQueryIterator<JsonObject>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(streamId) });
        while (pages.HasMoreResults)
        {
            foreach (var document in await pages.ReadNextAsync())
            {
                foreach (var stored in document["events"]!.AsArray())
                {
                    var payload = JsonNode.Parse(stored!["payload"]!.GetValue<string>())!.AsObject();
                    if (payload["type"]?.GetValue<string>() == "chargeApproved")
                    {
                        payload["amount"] = payload["amount"]!.GetValue<long>() - 1;
                        stored["payload"] = payload.ToJsonString();
                        await container.ReplaceItemAsync(document, document["id"]!.GetValue<string>(), new PartitionKey(streamId));
                        return;
                    }
                }
            }
        }

        throw new InvalidOperationException($"{streamId} holds no charge to tamper with.");
    }
}
