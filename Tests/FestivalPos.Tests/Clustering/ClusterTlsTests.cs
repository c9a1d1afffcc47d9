using System.Globalization;
using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace FestivalPos.Tests.Clustering;

/// <summary>
/// The silo's ports speak mutual TLS: only a client presenting a certificate from the cluster's CA
/// joins, and a client that cannot join cannot reach a grain (the wallet it tried to create does not exist).
/// </summary>
public sealed class ClusterTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefusedJoinTimeout = TimeSpan.FromSeconds(10);
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"festivalpos-tls-{Guid.NewGuid():N}.db");
    private readonly string _clusterId = $"tls-tests-{Guid.NewGuid():N}";
    private readonly int _gatewayPort = LoopbackPorts.Free();
    private IHost _silo = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(TestClusterCertificates.Shared.Settings)
        {
            ["Ledger:Storage:Provider"] = "Sqlite",
            ["Ledger:Storage:Sqlite:Path"] = _databasePath,
            ["Cluster:Membership"] = "Localhost",
            ["Cluster:SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = _gatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = _clusterId,
            ["Cluster:ServiceId"] = _clusterId,
            ["Keys:Provider"] = "File",
            ["Keys:FilePath"] = _databasePath + ".master.key",
        });
        builder.AddFestivalPosSilo();
        _silo = builder.Build();
        await _silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await ClusterTestHosts.StopAsync(_silo);
        foreach (var file in new[] { _databasePath, _databasePath + "-wal", _databasePath + "-shm", _databasePath + ".master.key" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_client_without_TLS_cannot_join_nor_call_a_grain()
    {
        await AssertRefusedAsync(configure: _ => { });
    }

    [Fact]
    public async Task A_TLS_client_without_a_certificate_cannot_join_nor_call_a_grain()
    {
        await AssertRefusedAsync(client => client.UseTls(options =>
        {
            options.ClientCertificateMode = RemoteCertificateMode.NoCertificate;
            options.AllowAnyRemoteCertificate();
        }));
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_another_CA_cannot_join_nor_call_a_grain()
    {
        // It trusts the cluster's CA, so only the silo's refusal of its certificate can keep it out.
        var stranger = TestClusterCertificates.Create("Someone Else's CA");
        var credentials = new ClusterTlsCredentials(TestClusterCertificates.Shared.Authority, stranger.Node);
        await AssertRefusedAsync(client => client.UseClusterTls(credentials));
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_the_cluster_CA_joins_and_calls_grains()
    {
        var walletId = $"w-{Guid.NewGuid():N}";
        using var client = BuildClient(client => client.UseClusterTls(TestClusterCertificates.Shared.Credentials));
        try
        {
            using var timeout = new CancellationTokenSource(JoinTimeout);
            await client.StartAsync(timeout.Token);
            var wallet = client.Services.GetRequiredService<IClusterClient>().GetGrain<IWalletGrain>(walletId);
            (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
            (await SiloGrains.GetGrain<IWalletGrain>(walletId).GetView()).Should().NotBeNull();
        }
        finally
        {
            await client.StopAsync(TimeSpan.FromSeconds(10));
        }
    }

    private IGrainFactory SiloGrains => _silo.Services.GetRequiredService<IGrainFactory>();

    private async Task AssertRefusedAsync(Action<IClientBuilder> configure)
    {
        var walletId = $"w-{Guid.NewGuid():N}";
        using var client = BuildClient(configure);
        try
        {
            var attack = async () =>
            {
                using var timeout = new CancellationTokenSource(RefusedJoinTimeout);
                await client.StartAsync(timeout.Token);
                await client.Services.GetRequiredService<IClusterClient>().GetGrain<IWalletGrain>(walletId).Create();
            };
            await attack.Should().ThrowAsync<Exception>();
        }
        finally
        {
            await StopQuietlyAsync(client);
        }

        (await SiloGrains.GetGrain<IWalletGrain>(walletId).GetView()).Should().BeNull("the refused client's call never reached the wallet");
    }

    private IHost BuildClient(Action<IClientBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(_gatewayPort, _clusterId, _clusterId);
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(5));
            configure(client);
        });
        return builder.Build();
    }

    private static async Task StopQuietlyAsync(IHost client)
    {
        try
        {
            await client.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A client that never joined may fail to stop; nothing of it is left running.
        }
    }
}
