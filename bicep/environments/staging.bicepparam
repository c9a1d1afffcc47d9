using '../main.bicep'

param namePrefix = 'fpos-stg'
param regions = [
  { key: 'we', location: 'westeurope', addressPrefix: '10.10.0.0/16', infrastructureSubnetPrefix: '10.10.0.0/23' }
  { key: 'ne', location: 'northeurope', addressPrefix: '10.20.0.0/16', infrastructureSubnetPrefix: '10.20.0.0/23' }
]
param siloCountPerRegion = 2
param gatewayMinReplicas = 2
param gatewayMaxReplicas = 6
// The tag cloud CI built the images with.
param imageTag = readEnvironmentVariable('FESTIVALPOS_IMAGE_TAG')
param gatewayPublicUrl = readEnvironmentVariable('FESTIVALPOS_PUBLIC_URL')
param alertEmail = readEnvironmentVariable('FESTIVALPOS_ALERT_EMAIL')
param cosmosConsistencyLevel = 'BoundedStaleness'
