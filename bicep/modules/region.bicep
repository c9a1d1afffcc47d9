// Everything one region runs: its network and internal Container Apps environment, its storage
// (membership, backups) and Event Hubs, one silo app per name in siloAppNames and the gateway app. Each
// region is its own Orleans cluster (Cluster:ClusterId names the region) over the one Cosmos DB ledger.

import { appPorts, vaultSecretNames } from 'types.bicep'

param namePrefix string
param location string
param regionKey string
param addressPrefix string
param infrastructureSubnetPrefix string
@description('One silo app per name: the region\'s silo count.')
param siloAppNames string[]
param siloImage string
param gatewayImage string
param registryServer string
param siloIdentityName string
param gatewayIdentityName string
param logAnalyticsWorkspaceId string
@secure()
param appInsightsConnectionString string
param ledger { storageProvider: string, cosmosEndpoint: string, databaseName: string, containerName: string }
param masterKeyVaultUri string
param clusterVaultUri string
param secretNames vaultSecretNames
param ports appPorts
param gatewayScale { minReplicas: int, maxReplicas: int, concurrentRequestsPerReplica: int }
param gatewayPublicUrl string
param backupArchiveAfterDays int
param backupRetentionDays int
param streamPartitionCount int

var regionPrefix = '${namePrefix}-${regionKey}'
// Storage and Event Hubs names: lowercase letters and digits, globally unique.
var uniqueSuffix = uniqueString(resourceGroup().id, regionKey)
var secretFilesPath = '/run/secrets/festivalpos'

resource siloIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: siloIdentityName
}

resource gatewayIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: gatewayIdentityName
}

module network 'network.bicep' = {
  name: '${regionKey}-network'
  params: {
    name: '${regionPrefix}-network'
    location: location
    addressPrefix: addressPrefix
    infrastructureSubnetPrefix: infrastructureSubnetPrefix
  }
}

module environment 'containerAppsEnvironment.bicep' = {
  name: '${regionKey}-environment'
  params: {
    name: '${regionPrefix}-apps'
    location: location
    infrastructureSubnetId: network.outputs.infrastructureSubnetId
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
    appInsightsConnectionString: appInsightsConnectionString
  }
}

module storage 'storage.bicep' = {
  name: '${regionKey}-storage'
  params: {
    accountName: take('fpos${uniqueSuffix}', 24)
    location: location
    backupArchiveAfterDays: backupArchiveAfterDays
    backupRetentionDays: backupRetentionDays
    siloIdentityName: siloIdentityName
    gatewayIdentityName: gatewayIdentityName
  }
}

module streams 'eventHubs.bicep' = {
  name: '${regionKey}-event-hubs'
  params: {
    namespaceName: '${regionPrefix}-streams-${uniqueSuffix}'
    location: location
    hubName: 'ledger-feed'
    partitionCount: streamPartitionCount
    siloIdentityName: siloIdentityName
  }
}

var clusterSettings = [
  { name: 'Cluster__ClusterId', value: regionPrefix }
  { name: 'Cluster__ServiceId', value: namePrefix }
  { name: 'Cluster__Membership', value: 'AzureTable' }
  { name: 'Cluster__AzureTable__ServiceUri', value: storage.outputs.tableEndpoint }
  { name: 'Cluster__Tls__CaCertificatePath', value: '${secretFilesPath}/cluster-ca.pem' }
  // Key Vault keeps the PFX as base64 text, and the mounted file holds that text: Cluster:Tls:CertificatePath reads either.
  { name: 'Cluster__Tls__CertificatePath', value: '${secretFilesPath}/cluster-node.pfx' }
]

var siloSettings = concat(clusterSettings, [
  { name: 'AZURE_CLIENT_ID', value: siloIdentity.properties.clientId }
  { name: 'Ledger__Storage__Provider', value: ledger.storageProvider }
  { name: 'Ledger__Storage__Cosmos__AccountEndpoint', value: ledger.cosmosEndpoint }
  { name: 'Ledger__Storage__Cosmos__DatabaseName', value: ledger.databaseName }
  { name: 'Ledger__Storage__Cosmos__ContainerName', value: ledger.containerName }
  { name: 'Keys__Provider', value: 'KeyVault' }
  { name: 'Keys__KeyVaultUri', value: masterKeyVaultUri }
  { name: 'Keys__KeyVaultSecretName', value: secretNames.masterKey }
  { name: 'Silo__ManagementUrl', value: 'http://0.0.0.0:${ports.siloManagement}' }
  { name: 'Feed__Streams__Provider', value: 'EventHubs' }
  { name: 'Feed__Streams__EventHubs__FullyQualifiedNamespace', value: streams.outputs.fullyQualifiedNamespace }
  { name: 'Feed__Streams__EventHubs__HubName', value: streams.outputs.hubName }
  { name: 'Feed__Streams__EventHubs__Checkpoints__ServiceUri', value: storage.outputs.tableEndpoint }
])

module silos 'siloApp.bicep' = [
  for (siloAppName, index) in siloAppNames: {
    name: '${regionKey}-silo-${index}'
    params: {
      name: siloAppName
      location: location
      environmentId: environment.outputs.id
      environmentStaticIp: environment.outputs.staticIp
      image: siloImage
      registryServer: registryServer
      identityId: siloIdentity.id
      siloPort: ports.firstSiloPort + index
      gatewayPort: ports.firstGatewayPort + index
      managementPort: ports.siloManagement
      settings: siloSettings
      secrets: [
        { name: 'cluster-ca', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.clusterCa}' }
        { name: 'cluster-node', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.siloCertificate}' }
      ]
      secretFiles: [
        { secretRef: 'cluster-ca', path: 'cluster-ca.pem' }
        { secretRef: 'cluster-node', path: 'cluster-node.pfx' }
      ]
    }
  }
]

module gateway 'gatewayApp.bicep' = {
  name: '${regionKey}-gateway'
  params: {
    name: '${regionPrefix}-gateway'
    location: location
    environmentId: environment.outputs.id
    image: gatewayImage
    registryServer: registryServer
    identityId: gatewayIdentity.id
    targetPort: ports.gateway
    minReplicas: gatewayScale.minReplicas
    maxReplicas: gatewayScale.maxReplicas
    concurrentRequestsPerReplica: gatewayScale.concurrentRequestsPerReplica
    settings: concat(clusterSettings, [
      { name: 'AZURE_CLIENT_ID', value: gatewayIdentity.properties.clientId }
      { name: 'Gateway__PublicUrl', value: gatewayPublicUrl }
      // The environment's ingress proxies run in its subnet: their X-Forwarded-For names the client.
      { name: 'Gateway__TrustedProxies', value: infrastructureSubnetPrefix }
      { name: 'Auth__BootstrapOrganizer__ClientId', value: 'organizer' }
      { name: 'Auth__BootstrapTopup__ClientId', value: 'topup' }
      // The Orleans Dashboard (/operations/dashboard) goes out through Front Door like the API, to operator tokens only.
      { name: 'Auth__BootstrapOperator__ClientId', value: 'operator' }
    ])
    secrets: [
      { name: 'cluster-ca', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.clusterCa}' }
      { name: 'cluster-node', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.gatewayCertificate}' }
      { name: 'bootstrap-organizer', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.bootstrapOrganizer}' }
      { name: 'bootstrap-topup', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.bootstrapTopup}' }
      { name: 'bootstrap-operator', keyVaultUrl: '${clusterVaultUri}secrets/${secretNames.bootstrapOperator}' }
    ]
    secretSettings: [
      { name: 'Auth__BootstrapOrganizer__ClientSecret', secretRef: 'bootstrap-organizer' }
      { name: 'Auth__BootstrapTopup__ClientSecret', secretRef: 'bootstrap-topup' }
      { name: 'Auth__BootstrapOperator__ClientSecret', secretRef: 'bootstrap-operator' }
    ]
    secretFiles: [
      { secretRef: 'cluster-ca', path: 'cluster-ca.pem' }
      { secretRef: 'cluster-node', path: 'cluster-node.pfx' }
    ]
  }
}

output environmentName string = environment.outputs.name
output gatewayHostName string = gateway.outputs.fqdn
