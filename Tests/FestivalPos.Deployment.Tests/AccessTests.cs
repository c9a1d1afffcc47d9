using System.Text.RegularExpressions;

namespace FestivalPos.Deployment.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class AccessTests(CompiledTemplate template)
{
    private const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    private const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    private const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    // AcrPull, Key Vault Secrets User, Storage Table Data Contributor and Reader, Event Hubs Data Sender and Receiver.
    private static readonly string[] DataPlaneRoles =
    [
        "7f951dda-4ed3-4680-a7ca-43fe172d538d",
        "4633458b-17de-408a-b874-0445c86b69e6",
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        "76199698-9eea-4c19-bc75-cec21354c6b6",
        "2b629674-e913-4c01-ae53-ef4638d8f975",
        "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
    ];

    [Fact]
    public void Every_role_assignment_grants_a_data_plane_role_from_the_role_table()
    {
        var assignments = template.ResourcesOfType("Microsoft.Authorization/roleAssignments");
        assignments.Should().NotBeEmpty();
        foreach (var assignment in assignments)
        {
            var role = (string)assignment["properties"]!["roleDefinitionId"]!;
            RoleTableReference().Matches(role).Should().NotBeEmpty($"'{role}' takes its role from the roleIds table");
            ((string?)assignment["properties"]!["principalType"]).Should().Be("ServicePrincipal");
        }

        foreach (var table in template.Templates.Select(module => module["variables"]?["roleIds"]).OfType<System.Text.Json.Nodes.JsonObject>())
        {
            table.Select(role => (string)role.Value!).Should().BeSubsetOf(DataPlaneRoles);
        }
    }

    [Fact]
    public void No_owner_contributor_or_user_access_administrator_role_appears_anywhere()
    {
        template.Json.Should().NotContainAny(Owner, Contributor, UserAccessAdministrator);
    }

    [Fact]
    public void Silos_get_the_built_in_cosmos_data_contributor_on_the_ledger_database_only()
    {
        var assignment = template.ResourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments").Should().ContainSingle().Subject["properties"]!;
        ((string)assignment["roleDefinitionId"]!).Should().Contain("cosmosBuiltInDataContributorId");
        ((string?)template.Templates.Select(module => module["variables"]?["cosmosBuiltInDataContributorId"]).OfType<System.Text.Json.Nodes.JsonValue>().First())
            .Should().Be("00000000-0000-0000-0000-000000000002");
        ((string)assignment["scope"]!).Should().Contain("/dbs/");
    }

    [GeneratedRegex(@"variables\('roleIds'\)\.\w+")]
    private static partial Regex RoleTableReference();
}
