// The vault for the silos' master key, the gateway's signing key and bootstrap secrets and the cluster
// certificates. The templates create no secret: their values are set by hand (README, Deploying to Azure).

import { roleIds } from 'roles.bicep'

param vaultName string
param location string
param readerPrincipalIds string[]
param softDeleteRetentionDays int

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionDays
    // A deleted vault or secret cannot be purged before its retention ends: the master key cannot be lost by one mistake.
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource readers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in readerPrincipalIds: {
    scope: vault
    name: guid(vault.id, principalId, roleIds.keyVaultSecretsUser)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    }
  }
]

output vaultUri string = vault.properties.vaultUri
