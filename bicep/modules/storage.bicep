// A region's storage account: the Orleans membership table and a backups container whose old
// backups move to the archive tier and are deleted after their retention. Shared keys are disabled:
// every client signs in with Entra ID.

import { roleIds } from 'roles.bicep'

param accountName string
param location string
param backupArchiveAfterDays int
param backupRetentionDays int
param siloIdentityName string
param gatewayIdentityName string

resource siloIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: siloIdentityName
}

resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: gatewayIdentityName
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource backups 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'backups'
  properties: { publicAccess: 'None' }
}

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'archive-then-delete-backups'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['${backups.name}/'] }
            actions: {
              baseBlob: {
                tierToArchive: { daysAfterModificationGreaterThan: backupArchiveAfterDays }
                delete: { daysAfterModificationGreaterThan: backupRetentionDays }
              }
            }
          }
        }
      ]
    }
  }
}

// The silos write membership rows; the gateways only read the membership table to find silo gateways.
resource siloAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, siloIdentity.id, roleIds.storageTableDataContributor)
  properties: {
    principalId: siloIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
  }
}

resource gatewayAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: account
  name: guid(account.id, gatewayIdentity.id, roleIds.storageTableDataReader)
  properties: {
    principalId: gatewayIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataReader)
  }
}

output tableEndpoint string = account.properties.primaryEndpoints.table
