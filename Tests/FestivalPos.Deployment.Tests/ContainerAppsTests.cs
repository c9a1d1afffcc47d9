using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FestivalPos.Deployment.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class ContainerAppsTests(CompiledTemplate template)
{
    private IReadOnlyList<JsonObject> Apps => template.ResourcesOfType("Microsoft.App/containerApps");

    private IReadOnlyList<JsonObject> Silos => Apps.Where(app => (string?)app["properties"]!["configuration"]!["ingress"]!["transport"] == "tcp").ToList();

    [Fact]
    public void Every_silo_app_runs_exactly_one_replica()
    {
        Silos.Should().ContainSingle("one module declares the silo app, deployed once per silo");
        var scale = Silos.Single()["properties"]!["template"]!["scale"]!;
        ((int)scale["minReplicas"]!).Should().Be(1);
        ((int)scale["maxReplicas"]!).Should().Be(1);
        scale["rules"].Should().BeNull();
    }

    [Fact]
    public void No_orleans_port_is_reachable_from_outside_the_environment()
    {
        foreach (var app in Apps)
        {
            var ingress = app["properties"]!["configuration"]!["ingress"]!;
            if ((bool)ingress["external"]!)
            {
                ((string?)ingress["transport"]).Should().Be("http", "only the gateway's HTTP port may be external");
            }

            foreach (var mapping in ingress["additionalPortMappings"]?.AsArray() ?? [])
            {
                ((bool)mapping!["external"]!).Should().BeFalse();
            }
        }

        var ports = template.Root["variables"]!["ports"]!;
        var gatewayPort = (int)ports["gateway"]!;
        gatewayPort.Should().NotBe((int)ports["firstSiloPort"]!).And.NotBe((int)ports["firstGatewayPort"]!);
    }

    [Fact]
    public void Silo_ports_come_from_the_app_so_that_each_silo_has_its_own()
    {
        var ingress = Silos.Single()["properties"]!["configuration"]!["ingress"]!;
        ((string?)ingress["exposedPort"]).Should().Be("[parameters('siloPort')]");
        ((string?)ingress["additionalPortMappings"]![0]!["exposedPort"]).Should().Be("[parameters('gatewayPort')]");
        template.ModuleArguments("siloPort").Should().Equal("[add(parameters('ports').firstSiloPort, copyIndex())]");
        template.ModuleArguments("gatewayPort").Should().Equal("[add(parameters('ports').firstGatewayPort, copyIndex())]");
    }

    [Fact]
    public void Silos_are_probed_at_start_readiness_and_liveness_and_given_time_to_leave_the_cluster()
    {
        var silo = Silos.Single()["properties"]!["template"]!;
        var probes = silo["containers"]![0]!["probes"]!.AsArray();
        probes.Select(probe => ((string?)probe!["type"], (string?)probe["httpGet"]!["path"])).Should().BeEquivalentTo(new[]
        {
            ("Startup", "/health/startup"),
            ("Readiness", "/health/ready"),
            ("Liveness", "/health/live"),
        });
        // Measured: 0.2 to 2.3 s from SIGTERM to exit, 3.0 to 4.0 s under load (README, Deploying to Azure; bench/Failover.Benchmark --stop).
        var gracePeriod = template.Templates.Select(module => module["variables"]?["terminationGracePeriodSeconds"]).OfType<JsonValue>().Single();
        ((int)gracePeriod).Should().BeGreaterThanOrEqualTo(30);
        ((string?)silo["terminationGracePeriodSeconds"]).Should().Be("[variables('terminationGracePeriodSeconds')]");
    }

    [Fact]
    public void Silos_listen_on_every_interface_and_advertise_the_environments_address()
    {
        var environment = (string?)Silos.Single()["properties"]!["template"]!["containers"]![0]!["env"];
        environment.Should().Contain("'Cluster__AdvertisedAddress', 'value', parameters('environmentStaticIp')")
            .And.Contain("'Cluster__ListenOnAnyInterface', 'value', 'true'");
    }

    [Fact]
    public void The_gateway_scales_on_concurrent_requests_from_at_least_two_replicas()
    {
        var gateway = Apps.Should().ContainSingle(app => (string?)app["properties"]!["configuration"]!["ingress"]!["transport"] == "http").Subject;
        var rule = gateway["properties"]!["template"]!["scale"]!["rules"]![0]!;
        rule["http"]!["metadata"]!["concurrentRequests"].Should().NotBeNull();
        ((int)template.Root["parameters"]!["gatewayMinReplicas"]!["minValue"]!).Should().BeGreaterThanOrEqualTo(2);
        ((int)template.Root["parameters"]!["siloCountPerRegion"]!["minValue"]!).Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Environments_are_internal_to_their_virtual_network()
    {
        var environment = template.ResourcesOfType("Microsoft.App/managedEnvironments").Should().ContainSingle().Subject;
        ((bool)environment["properties"]!["vnetConfiguration"]!["internal"]!).Should().BeTrue();
        ((string?)environment["properties"]!["workloadProfiles"]![0]!["workloadProfileType"]).Should().Be("Consumption");
    }

    [Fact]
    public void Silos_publish_the_feed_to_the_regions_event_hub_under_the_settings_the_silo_reads()
    {
        var streamSettings = Regex.Matches(template.Json, @"(?:Feed__)?Streams__\w*").Select(match => match.Value).Distinct();
        streamSettings.Should().BeEquivalentTo(
            "Feed__Streams__Provider",
            "Feed__Streams__EventHubs__FullyQualifiedNamespace",
            "Feed__Streams__EventHubs__HubName",
            "Feed__Streams__EventHubs__Checkpoints__ServiceUri");
    }

    [Fact]
    public void The_gateway_names_every_bootstrap_client_and_takes_each_secret_from_Key_Vault()
    {
        string[] clients = ["Organizer", "Topup", "Operator"];

        // The settings are one ARM expression (createObject calls, quoted with ' as \u0027), the secret references plain objects.
        var named = Regex.Matches(template.Json, @"Auth__Bootstrap(\w+?)__ClientId(?:\W|u0027)+value(?:\W|u0027)+\w").Select(match => match.Groups[1].Value);
        var secrets = Regex.Matches(template.Json, @"""name"":""Auth__Bootstrap(\w+?)__ClientSecret"",""secretRef"":""bootstrap-(\w+)""")
            .Select(match => (Client: match.Groups[1].Value, Secret: match.Groups[2].Value));

        named.Should().BeEquivalentTo(clients);
        secrets.Should().BeEquivalentTo(clients.Select(client => (client, client.ToLowerInvariant())));
    }
}
