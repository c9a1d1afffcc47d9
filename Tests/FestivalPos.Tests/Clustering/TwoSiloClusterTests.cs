using System.Diagnostics;
using FestivalPos.DevServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace FestivalPos.Tests.Clustering;

public sealed class TwoSiloClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Two_silos_join_serve_a_client_and_see_a_graceful_leave()
    {
        var stopwatch = Stopwatch.StartNew();
        var connectionString = PostgresServer.Shared.CreateDatabase("cluster");
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        output.WriteLine($"Database ready after {stopwatch.Elapsed}");
        IHost? first = null;
        IHost? second = null;
        IHost? client = null;
        try
        {
            first = await ClusterTestHosts.StartSiloAsync(connectionString, clusterId, "silo-a");
            second = await ClusterTestHosts.StartSiloAsync(connectionString, clusterId, "silo-b");
            var firstAddress = ClusterTestHosts.SiloAddressOf(first);
            var secondAddress = ClusterTestHosts.SiloAddressOf(second);
            output.WriteLine($"Both silos started after {stopwatch.Elapsed}");

            await ClusterTestHosts.EventuallyAsync(
                async () => (await ActiveHostsSeenBy(first)).SetEquals([firstAddress, secondAddress])
                            && (await ActiveHostsSeenBy(second)).SetEquals([firstAddress, secondAddress]),
                Convergence, "both silos should see both silos active");
            var rows = await MembershipRows.ReadStatusesAsync(connectionString, clusterId);
            rows.Should().BeEquivalentTo(new Dictionary<string, int>
            {
                [MembershipRows.KeyOf(firstAddress)] = MembershipRows.Active,
                [MembershipRows.KeyOf(secondAddress)] = MembershipRows.Active,
            });
            output.WriteLine($"Membership converged after {stopwatch.Elapsed}");

            client = await ClusterTestHosts.StartClientAsync(connectionString, clusterId);
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var reached = new HashSet<string>();
            for (var key = 0; key < 200 && reached.Count < 2; key++)
            {
                reached.Add(await grains.GetGrain<ISiloLocatorGrain>(key).GetSiloAddressAsync());
            }

            reached.Should().BeEquivalentTo([firstAddress.ToParsableString(), secondAddress.ToParsableString()]);
            output.WriteLine($"Client reached both silos after {stopwatch.Elapsed}");

            await ClusterTestHosts.StopAsync(first);
            first = null;
            await ClusterTestHosts.EventuallyAsync(
                async () => (await ActiveHostsSeenBy(second)).SetEquals([secondAddress]),
                Convergence, "the survivor should see the stopped silo as not active");
            rows = await MembershipRows.ReadStatusesAsync(connectionString, clusterId);
            rows[MembershipRows.KeyOf(firstAddress)].Should().Be(MembershipRows.Dead);
            rows[MembershipRows.KeyOf(secondAddress)].Should().Be(MembershipRows.Active);
            output.WriteLine($"Survivor saw the leave after {stopwatch.Elapsed}");
        }
        finally
        {
            await ClusterTestHosts.StopAsync(client);
            await ClusterTestHosts.StopAsync(second);
            await ClusterTestHosts.StopAsync(first);
            output.WriteLine($"Total {stopwatch.Elapsed}");
        }
    }

    private static async Task<HashSet<SiloAddress>> ActiveHostsSeenBy(IHost silo)
    {
        var management = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        return hosts.Keys.ToHashSet();
    }
}
