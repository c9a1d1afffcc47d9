// The built-in roles granted in these templates: data-plane roles only, never Owner, Contributor or User Access Administrator.

@export()
var roleIds = {
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
  eventHubsDataSender: '2b629674-e913-4c01-ae53-ef4638d8f975'
  eventHubsDataReceiver: 'a638d3c7-ab3a-418d-83e6-5f17a39d4fde'
}

// Cosmos DB's own data-plane role (sqlRoleDefinitions), not an Azure RBAC role.
@export()
var cosmosBuiltInDataContributorId = '00000000-0000-0000-0000-000000000002'
