using System.Net;
using System.Net.Http.Json;
using FestivalPos.DevServers;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Wallets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Messaging;
using Orleans.Runtime;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>A gateway that finds two silos through the PostgreSQL membership tables and outlives one of them.</summary>
public sealed class PostgresClusterTests
{
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_gateway_serves_a_two_silo_postgresql_cluster_and_keeps_serving_when_a_silo_stops()
    {
        var connectionString = PostgresServer.Shared.CreateDatabase("gateway_cluster");
        var clusterId = $"gateway-pg-{Guid.NewGuid():N}";
        await using var first = await TestSilo.StartPostgresAsync(connectionString, clusterId);
        await using var second = await TestSilo.StartPostgresAsync(connectionString, clusterId);
        await using var gateway = new GatewayFactory(first, new Dictionary<string, string?>
        {
            ["Cluster:Membership"] = "PostgreSql",
            ["Cluster:PostgreSqlConnectionString"] = connectionString,
        });
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var topUp = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);

        var gateways = await gateway.Services.GetRequiredService<IGatewayListProvider>().GetGatewaysAsync();
        gateways.Select(uri => uri.Port).Should().BeEquivalentTo([first.GatewayPort, second.GatewayPort], "both silos' gateways come from the membership table");
        var device = await TestApi.EnrollDeviceAsync(organizer, gateway);
        var (walletId, uid) = await TestApi.NewWalletAsync(organizer, topUp, balance: 1000);
        await ChargeAsync(device, seq: 1, walletId, uid, amount: 300, expectedBalance: 700);
        (await ReadBalanceAsync(organizer, walletId)).Should().Be(700);

        var host = await first.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(first.Grains.GetGrain<IWalletGrain>(walletId));
        host.Should().BeOneOf(first.Address, second.Address);
        var (stopped, survivor) = host == second.Address ? (second, first) : (first, second);
        await stopped.DisposeAsync(); // the silo that hosts the wallet

        await ChargeAsync(device, seq: 2, walletId, uid, amount: 100, expectedBalance: 600);
        var topUpAgain = await RetryOn503Async(() => topUp.PostAsJsonAsync("/api/v1/topups", new { topupId = TestApi.NewId("t"), walletId, amount = 50 }));
        topUpAgain.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadBalanceAsync(organizer, walletId)).Should().Be(650);
        (await survivor.Grains.GetGrain<IWalletGrain>(walletId).GetView())!.Balance.Should().Be(650);
    }

    private static async Task ChargeAsync(TestDevice device, long seq, string walletId, string uid, long amount, long expectedBalance)
    {
        var response = await RetryOn503Async(() => device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(seq, walletId, amount, uid)));
        var answer = await response.JsonAsync(HttpStatusCode.OK);
        answer.GetProperty("status").GetString().Should().Be("approved");
        answer.GetProperty("balance").GetInt64().Should().Be(expectedBalance);
    }

    private static async Task<long> ReadBalanceAsync(HttpClient organizer, string walletId)
    {
        var response = await RetryOn503Async(() => organizer.GetAsync($"/api/v1/wallets/{walletId}"));
        return (await response.JsonAsync(HttpStatusCode.OK)).GetProperty("balance").GetInt64();
    }

    /// <summary>As a terminal does: the same request again while the cluster answers 503 (every call is idempotent by its id).</summary>
    private static async Task<HttpResponseMessage> RetryOn503Async(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
