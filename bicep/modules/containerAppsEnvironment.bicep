// A region's Container Apps environment: internal to its virtual network (no public address), on the
// Consumption workload profile, logging to Log Analytics through a diagnostic setting (no shared key).
// Its managed OpenTelemetry agent gives every app OTEL_EXPORTER_OTLP_ENDPOINT and forwards their traces
// and logs to Application Insights.

param name string
param location string
param infrastructureSubnetId string
param logAnalyticsWorkspaceId string
@secure()
param appInsightsConnectionString string

resource environment 'Microsoft.App/managedEnvironments@2024-10-02-preview' = {
  name: name
  location: location
  properties: {
    vnetConfiguration: {
      internal: true
      infrastructureSubnetId: infrastructureSubnetId
    }
    workloadProfiles: [
      { name: 'Consumption', workloadProfileType: 'Consumption' }
    ]
    appLogsConfiguration: { destination: 'azure-monitor' }
    appInsightsConfiguration: { connectionString: appInsightsConnectionString }
    openTelemetryConfiguration: {
      tracesConfiguration: { destinations: ['appInsights'] }
      logsConfiguration: { destinations: ['appInsights'] }
    }
    zoneRedundant: true
  }
}

resource logs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  scope: environment
  name: 'logs'
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [{ categoryGroup: 'allLogs', enabled: true }]
    metrics: [{ category: 'AllMetrics', enabled: true }]
  }
}

output id string = environment.id
output name string = environment.name
output staticIp string = environment.properties.staticIp
