using '../main.bicep'

param namePrefix = 'fpos-prod'
param regions = [
  { key: 'we', location: 'westeurope', addressPrefix: '10.110.0.0/16', infrastructureSubnetPrefix: '10.110.0.0/23' }
  { key: 'ne', location: 'northeurope', addressPrefix: '10.120.0.0/16', infrastructureSubnetPrefix: '10.120.0.0/23' }
]
param siloCountPerRegion = 4
param gatewayMinReplicas = 3
param gatewayMaxReplicas = 20
// The tag cloud CI built the images with.
param imageTag = readEnvironmentVariable('FESTIVALPOS_IMAGE_TAG')
param gatewayPublicUrl = readEnvironmentVariable('FESTIVALPOS_PUBLIC_URL')
param alertEmail = readEnvironmentVariable('FESTIVALPOS_ALERT_EMAIL')
param cosmosConsistencyLevel = 'Strong'
// About 2,000 charges per second at the peak, each a few writes of about 10 RU.
param cosmosMaxThroughput = 60000
