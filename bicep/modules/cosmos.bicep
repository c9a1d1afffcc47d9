// The ledger: Cosmos DB for NoSQL in two regions with ONE write region. Multi-region writes are never
// enabled: last-writer-wins between regions could drop a debit. Automatic failover promotes the
// secondary when the write region is lost.

import { cosmosBuiltInDataContributorId } from 'roles.bicep'

param accountName string
param primaryLocation string
param secondaryLocation string

@allowed(['Strong', 'BoundedStaleness'])
param consistencyLevel string
param databaseName string
param containerName string
@description('The container of holder data (name, email, IBAN), apart from the ledger so that it can be erased.')
param holderContainerName string = 'holders'
param partitionKeyPath string
param maxThroughput int
param writerPrincipalIds string[]

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: primaryLocation
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      { locationName: primaryLocation, failoverPriority: 0, isZoneRedundant: true }
      { locationName: secondaryLocation, failoverPriority: 1, isZoneRedundant: true }
    ]
    enableMultipleWriteLocations: false
    enableAutomaticFailover: true
    consistencyPolicy: consistencyLevel == 'Strong'
      ? { defaultConsistencyLevel: 'Strong' }
      : { defaultConsistencyLevel: 'BoundedStaleness', maxStalenessPrefix: 100000, maxIntervalInSeconds: 300 }
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous30Days' }
    }
    // Entra ID only: no account keys, no connection strings.
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

// One logical partition per stream. The silo's identity cannot create containers, so the indexing
// policy is the one the event store would create for itself: payloads and hashes are never queried.
resource ledger 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: containerName
  properties: {
    resource: {
      id: containerName
      partitionKey: { paths: [partitionKeyPath], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [
          { path: '/events/*' }
          { path: '/index/*' }
          { path: '/owners/*' }
          { path: '/attempts/*' }
          { path: '/committed/*' }
          { path: '/value/?' }
          { path: '/attempt/?' }
          { path: '/"_etag"/?' }
        ]
      }
    }
    options: {
      autoscaleSettings: { maxThroughput: maxThroughput }
    }
  }
}

// Holder data: one document per wallet, replaced and erased in place; never queried, only read by id.
resource holders 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: holderContainerName
  properties: {
    resource: {
      id: holderContainerName
      partitionKey: { paths: [partitionKeyPath], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: []
        excludedPaths: [{ path: '/*' }]
      }
    }
    options: {
      autoscaleSettings: { maxThroughput: 1000 }
    }
  }
}

resource writers 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = [
  for principalId in writerPrincipalIds: {
    parent: account
    name: guid(account.id, principalId, cosmosBuiltInDataContributorId)
    properties: {
      principalId: principalId
      roleDefinitionId: '${account.id}/sqlRoleDefinitions/${cosmosBuiltInDataContributorId}'
      scope: '${account.id}/dbs/${database.name}'
    }
  }
]

output endpoint string = account.properties.documentEndpoint
output accountId string = account.id
