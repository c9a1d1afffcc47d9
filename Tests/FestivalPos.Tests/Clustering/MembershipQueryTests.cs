using System.Net;
using FestivalPos.Clustering;
using FestivalPos.DevServers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;

namespace FestivalPos.Tests.Clustering;

/// <summary>Drives the ADO.NET provider's table directly against our queries: versions, conflicts, cleanup.</summary>
public sealed class MembershipQueryTests
{
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("queries");
    private readonly string _clusterId = $"queries-{Guid.NewGuid():N}";

    [Fact]
    public async Task Writes_succeed_only_against_the_current_table_version()
    {
        var table = await CreateTableAsync();
        var empty = await table.ReadAllAsync();
        empty.Members.Should().BeEmpty();

        var first = Entry(1);
        (await table.InsertRowAsync(first, empty.Version.Next())).Should().BeTrue();
        (await table.InsertRowAsync(Entry(2), empty.Version.Next())).Should().BeFalse("the version moved on");
        var afterInsert = await table.ReadAllAsync();
        (await table.InsertRowAsync(first, afterInsert.Version.Next())).Should().BeFalse("the silo is already there");
        (await table.ReadAllAsync()).Version.Version.Should().Be(afterInsert.Version.Version);

        var row = await table.ReadRowAsync(first.SiloAddress);
        var (stored, etag) = row.Members.Should().ContainSingle().Subject;
        stored.SiloName.Should().Be(first.SiloName);
        stored.HostName.Should().Be(first.HostName);
        stored.ProxyPort.Should().Be(first.ProxyPort);
        stored.Status.Should().Be(SiloStatus.Active);
        stored.StartTime.Should().BeCloseTo(first.StartTime, TimeSpan.FromMilliseconds(1));

        stored.Status = SiloStatus.Dead;
        stored.SuspectTimes = [Tuple.Create(Entry(2).SiloAddress, DateTime.UtcNow)];
        (await table.UpdateRowAsync(stored, etag, row.Version.Next())).Should().BeTrue();
        (await table.UpdateRowAsync(stored, etag, row.Version.Next())).Should().BeFalse("the version moved on");
        var dead = (await table.ReadRowAsync(first.SiloAddress)).Members.Single().Item1;
        dead.Status.Should().Be(SiloStatus.Dead);
        dead.SuspectTimes.Should().ContainSingle();
    }

    [Fact]
    public async Task Concurrent_inserts_at_one_version_let_exactly_one_win()
    {
        var table = await CreateTableAsync();
        var version = (await table.ReadAllAsync()).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => table.InsertRowAsync(Entry(i), version)));

        results.Count(won => won).Should().Be(1);
        var all = await table.ReadAllAsync();
        all.Members.Should().ContainSingle();
        all.Version.Version.Should().Be(version.Version);
    }

    [Fact]
    public async Task Heartbeats_keep_the_version_and_cleanup_removes_only_old_dead_silos()
    {
        var table = await CreateTableAsync();
        var dead = Entry(1);
        dead.Status = SiloStatus.Dead;
        (await table.InsertRowAsync(dead, (await table.ReadAllAsync()).Version.Next())).Should().BeTrue();
        (await table.InsertRowAsync(Entry(2), (await table.ReadAllAsync()).Version.Next())).Should().BeTrue();
        var before = await table.ReadAllAsync();

        var alive = before.Members.Single(member => member.Item1.Status == SiloStatus.Active).Item1;
        alive.IAmAliveTime = DateTime.UtcNow.AddSeconds(5);
        await table.UpdateIAmAliveAsync(alive);
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        var after = await table.ReadAllAsync();
        after.Version.Should().Be(before.Version);
        var survivor = after.Members.Should().ContainSingle().Subject.Item1;
        survivor.SiloAddress.Should().Be(alive.SiloAddress);
        survivor.IAmAliveTime.Should().BeCloseTo(alive.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        await table.DeleteMembershipTableEntriesAsync(_clusterId);
        (await MembershipRows.ReadStatusesAsync(_connectionString, _clusterId)).Should().BeEmpty();
    }

    private async Task<IMembershipTable> CreateTableAsync()
    {
        await PostgresMembershipSchema.EnsureCreatedAsync(_connectionString);
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = _clusterId, ServiceId = ClusterTestHosts.ServiceId }),
            Options.Create(new AdoNetClusteringSiloOptions
            {
                Invariant = PostgresMembershipSchema.Invariant,
                ConnectionString = _connectionString,
            }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static MembershipEntry Entry(int generation)
    {
        var now = DateTime.UtcNow;
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(IPAddress.Loopback, 11111, generation),
            SiloName = $"silo-{generation}",
            HostName = "test-host",
            Status = SiloStatus.Active,
            ProxyPort = 30000,
            StartTime = now,
            IAmAliveTime = now,
        };
    }
}
