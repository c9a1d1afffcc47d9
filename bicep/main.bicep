// FestivalPos on Azure, in two regions of one resource group: the first region of `regions` is primary
// (Cosmos DB's write region, Front Door's first origin), the second its warm standby.
// Deploy: README.md, "Deploying to Azure".

targetScope = 'resourceGroup'

import { appPorts, vaultSecretNames } from 'modules/types.bicep'

@description('Short prefix of every resource name, such as fpos-prod.')
@maxLength(12)
param namePrefix string

@description('The two regions: key is a short name used in resource names (we, ne); the first is primary.')
@minLength(2)
@maxLength(2)
param regions { key: string, location: string, addressPrefix: string, infrastructureSubnetPrefix: string }[]

@description('Silo apps per region, one replica each: the cluster scales by this number, never to zero.')
@minValue(1)
param siloCountPerRegion int

@minValue(2)
param gatewayMinReplicas int
param gatewayMaxReplicas int
param gatewayConcurrentRequestsPerReplica int = 50

@description('The tag cloud CI pushed festivalpos/silo and festivalpos/gateway with.')
param imageTag string

@description('Where clients reach the API (Front Door\'s endpoint or a custom domain), named in the OpenAPI document.')
param gatewayPublicUrl string
param alertEmail string

@description('Ledger:Storage:Provider of the silos.')
param ledgerStorageProvider string = 'Cosmos'

@allowed(['Strong', 'BoundedStaleness'])
param cosmosConsistencyLevel string = 'BoundedStaleness'
param cosmosDatabaseName string = 'festivalpos'
param cosmosContainerName string = 'ledger'
@description('The event store\'s partition key path: one logical partition per stream.')
param cosmosPartitionKeyPath string = '/PartitionKey'
@description('The ledger container\'s autoscale ceiling in request units per second.')
param cosmosMaxThroughput int = 10000
param cosmosLatencyThresholdMs int = 20

@description('Names (never values) of the Key Vault secrets; the values are set by hand after the first deployment.')
param secretNames vaultSecretNames = {
  masterKey: 'festivalpos-master-key'
  bootstrapOrganizer: 'bootstrap-organizer-client-secret'
  bootstrapTopup: 'bootstrap-topup-client-secret'
  bootstrapOperator: 'bootstrap-operator-client-secret'
  clusterCa: 'cluster-ca-certificate'
  siloCertificate: 'cluster-silo-certificate'
  gatewayCertificate: 'cluster-gateway-certificate'
}

param backupArchiveAfterDays int = 30
param backupRetentionDays int = 365
param logRetentionDays int = 90
param streamPartitionCount int = 32

// The silo's management endpoint (health for the probes) and the gateway's HTTP port are inside the container only.
var ports appPorts = { firstSiloPort: 11111, firstGatewayPort: 30000, siloManagement: 9465, gateway: 8080 }
var primary = regions[0]
var uniqueSuffix = uniqueString(resourceGroup().id)
var siloAppNames = [for region in regions: map(range(0, siloCountPerRegion), index => '${namePrefix}-${region.key}-silo-${index}')]

module identities 'modules/identities.bicep' = {
  name: 'identities'
  params: { namePrefix: namePrefix, location: primary.location }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    namePrefix: namePrefix
    location: primary.location
    logRetentionDays: logRetentionDays
    alertEmail: alertEmail
  }
}

module registry 'modules/containerRegistry.bicep' = {
  name: 'container-registry'
  params: {
    registryName: 'fpos${uniqueSuffix}'
    location: primary.location
    pullerPrincipalIds: [identities.outputs.siloPrincipalId, identities.outputs.gatewayPrincipalId]
  }
}

module ledger 'modules/cosmos.bicep' = {
  name: 'ledger'
  params: {
    accountName: '${namePrefix}-ledger-${uniqueSuffix}'
    primaryLocation: primary.location
    secondaryLocation: regions[1].location
    consistencyLevel: cosmosConsistencyLevel
    databaseName: cosmosDatabaseName
    containerName: cosmosContainerName
    partitionKeyPath: cosmosPartitionKeyPath
    maxThroughput: cosmosMaxThroughput
    writerPrincipalIds: [identities.outputs.siloPrincipalId]
  }
}

// Two vaults: only the silos may read the master key; silos and gateways read the cluster certificates
// and the gateway's secrets.
module masterKeyVault 'modules/keyVault.bicep' = {
  name: 'master-key-vault'
  params: {
    vaultName: take('${namePrefix}-mk-${uniqueSuffix}', 24)
    location: primary.location
    readerPrincipalIds: [identities.outputs.siloPrincipalId]
    softDeleteRetentionDays: 90
  }
}

module clusterVault 'modules/keyVault.bicep' = {
  name: 'cluster-vault'
  params: {
    vaultName: take('${namePrefix}-kv-${uniqueSuffix}', 24)
    location: primary.location
    readerPrincipalIds: [identities.outputs.siloPrincipalId, identities.outputs.gatewayPrincipalId]
    softDeleteRetentionDays: 90
  }
}

module regionDeployments 'modules/region.bicep' = [
  for (region, index) in regions: {
    name: 'region-${region.key}'
    params: {
      namePrefix: namePrefix
      location: region.location
      regionKey: region.key
      addressPrefix: region.addressPrefix
      infrastructureSubnetPrefix: region.infrastructureSubnetPrefix
      siloAppNames: siloAppNames[index]
      siloImage: '${registry.outputs.loginServer}/festivalpos/silo:${imageTag}'
      gatewayImage: '${registry.outputs.loginServer}/festivalpos/gateway:${imageTag}'
      registryServer: registry.outputs.loginServer
      siloIdentityName: '${namePrefix}-silo'
      gatewayIdentityName: '${namePrefix}-gateway'
      logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
      appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
      ledger: {
        storageProvider: ledgerStorageProvider
        cosmosEndpoint: ledger.outputs.endpoint
        databaseName: cosmosDatabaseName
        containerName: cosmosContainerName
      }
      masterKeyVaultUri: masterKeyVault.outputs.vaultUri
      clusterVaultUri: clusterVault.outputs.vaultUri
      secretNames: secretNames
      ports: ports
      gatewayScale: {
        minReplicas: gatewayMinReplicas
        maxReplicas: gatewayMaxReplicas
        concurrentRequestsPerReplica: gatewayConcurrentRequestsPerReplica
      }
      gatewayPublicUrl: gatewayPublicUrl
      backupArchiveAfterDays: backupArchiveAfterDays
      backupRetentionDays: backupRetentionDays
      streamPartitionCount: streamPartitionCount
    }
  }
]

module frontDoor 'modules/frontDoor.bicep' = {
  name: 'front-door'
  params: {
    profileName: '${namePrefix}-edge'
    origins: [
      for (region, index) in regions: {
        location: region.location
        environmentName: regionDeployments[index].outputs.environmentName
        hostName: regionDeployments[index].outputs.gatewayHostName
      }
    ]
    healthProbePath: '/health/ready'
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [regionDeployments]
  params: {
    namePrefix: namePrefix
    location: primary.location
    prometheusWorkspaceId: monitoring.outputs.prometheusWorkspaceId
    actionGroupId: monitoring.outputs.actionGroupId
    siloAppIds: map(flatten(siloAppNames), name => resourceId('Microsoft.App/containerApps', name))
    frontDoorProfileId: frontDoor.outputs.profileId
    cosmosAccountId: ledger.outputs.accountId
    cosmosLatencyThresholdMs: cosmosLatencyThresholdMs
  }
}

output frontDoorHostName string = frontDoor.outputs.hostName
output registryLoginServer string = registry.outputs.loginServer
output masterKeyVaultUri string = masterKeyVault.outputs.vaultUri
output clusterVaultUri string = clusterVault.outputs.vaultUri
