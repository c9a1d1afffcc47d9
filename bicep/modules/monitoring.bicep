// Logs (Log Analytics), traces (Application Insights), Prometheus metrics (an Azure Monitor workspace)
// and the action group every alert notifies.

param namePrefix string
param location string
param logRetentionDays int
param alertEmail string

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    // The Container Apps OpenTelemetry agent sends with the connection string, which names the resource and holds no key.
    DisableLocalAuth: false
  }
}

resource prometheus 'Microsoft.Monitor/accounts@2023-04-03' = {
  name: '${namePrefix}-metrics'
  location: location
}

resource operators 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${namePrefix}-operators'
  location: 'global'
  properties: {
    groupShortName: 'festivalpos'
    enabled: true
    emailReceivers: [
      {
        name: 'operators'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

output logAnalyticsWorkspaceId string = logs.id
@secure()
output appInsightsConnectionString string = appInsights.properties.ConnectionString
output prometheusWorkspaceId string = prometheus.id
output actionGroupId string = operators.id
