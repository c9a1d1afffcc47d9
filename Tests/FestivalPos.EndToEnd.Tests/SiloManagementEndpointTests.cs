using System.Net;
using FestivalPos.DevServers;
using Npgsql;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The silo's management endpoint as Container Apps' probes and a Prometheus scraper use it: a real silo process over
/// real HTTP. Startup and readiness follow the silo and its storage; liveness follows the process alone.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed class SiloManagementEndpointTests
{
    [Fact]
    public async Task A_started_silo_answers_its_three_probes_and_serves_metrics_on_its_management_port_only()
    {
        var kestrelPort = LoopbackPorts.Free();
        // The AppHost hands the gateway's Kestrel endpoints to the silo too: the silo must not listen there.
        await using var silo = await SiloProcess.StartAsync([$"--Kestrel:Endpoints:Https:Url=https://127.0.0.1:{kestrelPort}"]);

        await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.OK, "become ready");
        (await silo.ProbeAsync("/health/startup")).Should().Be(HttpStatusCode.OK);
        (await silo.ProbeAsync("/health/live")).Should().Be(HttpStatusCode.OK);
        var metrics = await silo.Management.GetStringAsync("/metrics");
        metrics.Should().Contain("\norleans_").And.Contain("\nfestivalpos_storage_commits_total").And.Contain("\ndotnet_gc_collections_total");
        (await silo.ProbeAsync("/openapi/v1.json")).Should().Be(HttpStatusCode.NotFound);
        (await silo.ProbeAsync("/api/v1/wallets/w-1")).Should().Be(HttpStatusCode.NotFound);
        (await LoopbackPorts.AcceptsConnectionsAsync(kestrelPort)).Should().BeFalse();
    }

    [Fact]
    public async Task When_its_ledger_database_stops_the_silo_is_no_longer_ready_but_stays_live()
    {
        var postgres = await PostgresServer.StartAsync();
        try
        {
            var connectionString = postgres.CreateDatabase("silo_health");
            await using var silo = await SiloProcess.StartAsync(
                ["--Ledger:Storage:Provider=PostgreSql", $"--Ledger:Storage:PostgreSql:ConnectionString={connectionString}"]);
            await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.OK, "become ready");

            await postgres.DisposeAsync();

            await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.ServiceUnavailable, "turn not ready");
            (await silo.ProbeAsync("/health/live")).Should().Be(HttpStatusCode.OK);
            (await silo.ProbeAsync("/health/startup")).Should().Be(HttpStatusCode.OK);
            (await silo.Management.GetStringAsync("/metrics")).Should().Contain("\norleans_");
            silo.HasExited.Should().BeFalse();
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_a_collector_configured_the_silo_exports_its_metrics_and_logs_over_OTLP()
    {
        using var collector = new OtlpCollectorStub();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        await using var silo = await SiloProcess.StartAsync(["--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"], environment);
        // As the platform's probes do: the readiness check reads the ledger, which opens the store and its meter.
        await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.OK, "become ready");

        await silo.WaitUntilAsync(
            () => Task.FromResult(collector.Received("/v1/metrics", "Microsoft.Orleans") && collector.Received("/v1/metrics", "FestivalPos.Storage")),
            "export the Orleans and FestivalPos meters to /v1/metrics");
        await silo.WaitUntilAsync(() => Task.FromResult(collector.Received("/v1/logs", "Application started")), "export its log records to /v1/logs");
        collector.Exports.Should().OnlyContain(export => export.ContentType == "application/x-protobuf");
        collector.Received("/v1/metrics", "FestivalPos.Silo").Should().BeTrue("the service is named after the program");
    }

    [Fact]
    public async Task With_Azure_Monitor_configured_beside_a_collector_the_silo_sends_its_telemetry_to_both()
    {
        using var collector = new OtlpCollectorStub();
        var endpoint = collector.Endpoint.ToString();
        var environment = new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            // Application Insights' ingestion and live metrics, both on the stub: nothing leaves the machine.
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint={endpoint};LiveEndpoint={endpoint}",
        };
        await using var silo = await SiloProcess.StartAsync(["--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"], environment);

        await silo.WaitUntilAsync(() => Task.FromResult(collector.Exports.Any(export => export.Path == "/v2.1/track")), "send telemetry to Azure Monitor's ingestion endpoint");
        await silo.WaitUntilAsync(() => Task.FromResult(collector.Received("/v1/logs", "Application started")), "export its log records over OTLP too");
    }

    [Fact]
    public async Task A_silo_listening_on_every_interface_advertises_the_configured_address_and_takes_its_certificate_as_base64()
    {
        var postgres = await PostgresServer.StartAsync();
        try
        {
            var connectionString = postgres.CreateDatabase("silo_address");
            var certificates = TestClusterCertificates.Shared;
            string[] settings =
            [
                "--Cluster:Membership=PostgreSql",
                $"--Cluster:PostgreSqlConnectionString={connectionString}",
                "--Cluster:AdvertisedAddress=127.0.0.2",
                "--Cluster:ListenOnAnyInterface=true",
                $"--Cluster:Tls:CaCertificatePath={certificates.CaCertificatePath}",
            ];
            var environment = new Dictionary<string, string>
            {
                ["Cluster__Tls__CertificateBase64"] = Convert.ToBase64String(File.ReadAllBytes(certificates.CertificatePath)),
            };
            await using var silo = await SiloProcess.StartAsync(settings, environment);
            await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.OK, "become ready");

            (await AdvertisedAddressesAsync(connectionString)).Should().Equal("127.0.0.2");
            (await LoopbackPorts.AcceptsConnectionsAsync(silo.SiloPort)).Should().BeTrue("it listens on 0.0.0.0, so on 127.0.0.1 too");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_listening_on_every_interface_a_silo_listens_on_its_advertised_address_only()
    {
        var postgres = await PostgresServer.StartAsync();
        try
        {
            var connectionString = postgres.CreateDatabase("silo_address");
            await using var silo = await SiloProcess.StartAsync(
                ["--Cluster:Membership=PostgreSql", $"--Cluster:PostgreSqlConnectionString={connectionString}", "--Cluster:AdvertisedAddress=127.0.0.2"]);
            await silo.WaitUntilAsync(async () => await silo.ProbeAsync("/health/ready") == HttpStatusCode.OK, "become ready");

            (await AdvertisedAddressesAsync(connectionString)).Should().Equal("127.0.0.2");
            (await LoopbackPorts.AcceptsConnectionsAsync(silo.SiloPort)).Should().BeFalse("it listens on 127.0.0.2 alone");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await postgres.DisposeAsync();
        }
    }

    /// <summary>The addresses the silos of the membership table advertise.</summary>
    private static async Task<List<string>> AdvertisedAddressesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT address FROM cluster_membership_silo", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var addresses = new List<string>();
        while (await reader.ReadAsync())
        {
            addresses.Add(reader.GetString(0));
        }

        return addresses;
    }
}
