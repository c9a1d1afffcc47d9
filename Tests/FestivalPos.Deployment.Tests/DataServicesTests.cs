namespace FestivalPos.Deployment.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class DataServicesTests(CompiledTemplate template)
{
    [Fact]
    public void The_ledger_has_one_write_region_with_automatic_failover_and_strong_or_bounded_consistency()
    {
        var account = template.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts").Should().ContainSingle().Subject["properties"]!;
        ((bool)account["enableMultipleWriteLocations"]!).Should().BeFalse();
        ((bool)account["enableAutomaticFailover"]!).Should().BeTrue();
        account["locations"]!.AsArray().Select(location => (int)location!["failoverPriority"]!).Should().Equal(0, 1);
        ((bool)account["disableLocalAuth"]!).Should().BeTrue();
        ((string?)account["backupPolicy"]!["type"]).Should().Be("Continuous");

        var cosmos = template.Templates.Single(module => module["parameters"]?["consistencyLevel"] is not null);
        cosmos["parameters"]!["consistencyLevel"]!["allowedValues"]!.AsArray().Select(value => (string?)value)
            .Should().BeEquivalentTo("Strong", "BoundedStaleness");
    }

    [Fact]
    public void The_ledger_and_holder_data_containers_are_partitioned_by_the_partition_key_parameter()
    {
        var containers = template.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").ToList();
        containers.Select(c => (string?)c["properties"]!["resource"]!["id"]).Should().BeEquivalentTo("[parameters('containerName')]", "[parameters('holderContainerName')]");
        containers.Should().OnlyContain(c => (string?)c["properties"]!["resource"]!["partitionKey"]!["paths"]![0] == "[parameters('partitionKeyPath')]");
        ((string?)template.Root["parameters"]!["cosmosPartitionKeyPath"]!["defaultValue"]).Should().Be("/PartitionKey");
    }

    [Fact]
    public void Old_backups_move_to_the_archive_tier_and_are_deleted_after_their_retention()
    {
        var policy = template.ResourcesOfType("Microsoft.Storage/storageAccounts/managementPolicies").Should().ContainSingle().Subject;
        var actions = policy["properties"]!["policy"]!["rules"]![0]!["definition"]!["actions"]!["baseBlob"]!;
        actions["tierToArchive"]!["daysAfterModificationGreaterThan"].Should().NotBeNull();
        actions["delete"]!["daysAfterModificationGreaterThan"].Should().NotBeNull();
        var defaults = template.Root["parameters"]!;
        ((int)defaults["backupRetentionDays"]!["defaultValue"]!).Should().BeGreaterThan((int)defaults["backupArchiveAfterDays"]!["defaultValue"]!);
    }

    [Fact]
    public void No_service_accepts_keys_or_shared_access_signatures()
    {
        ((bool)template.ResourcesOfType("Microsoft.Storage/storageAccounts").Single()["properties"]!["allowSharedKeyAccess"]!).Should().BeFalse();
        ((bool)template.ResourcesOfType("Microsoft.EventHub/namespaces").Single()["properties"]!["disableLocalAuth"]!).Should().BeTrue();
        ((bool)template.ResourcesOfType("Microsoft.ContainerRegistry/registries").Single()["properties"]!["adminUserEnabled"]!).Should().BeFalse();
    }

    [Fact]
    public void Every_vault_uses_role_based_access_and_purge_protection()
    {
        var vaults = template.ResourcesOfType("Microsoft.KeyVault/vaults");
        vaults.Should().HaveCount(2, "one vault holds the master key, the other the cluster's certificates and the gateway's secrets");
        foreach (var vault in vaults.Select(vault => vault["properties"]!))
        {
            ((bool)vault["enableRbacAuthorization"]!).Should().BeTrue();
            ((bool)vault["enablePurgeProtection"]!).Should().BeTrue();
        }

        template.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Should().BeEmpty("no secret value is ever in a template");
    }
}
