// Alerts: the Prometheus rules of alerts/festivalpos.rules.yml as Azure Monitor Prometheus rule groups
// (one source for both: every alert keeps its name, labels and annotations, its runbook_url among them), and
// metric alerts on what Azure itself measures: a silo app without its replica, a region's gateway failing Front
// Door's probe, and Cosmos DB's server-side latency; their descriptions name their runbooks.

param namePrefix string
param location string
param prometheusWorkspaceId string
param actionGroupId string
param siloAppIds string[]
param frontDoorProfileId string
param cosmosAccountId string
param cosmosLatencyThresholdMs int

var ruleFile = loadYamlContent('../../alerts/festivalpos.rules.yml')

// Prometheus severities as Azure Monitor's (0 critical to 4 verbose); "for: 5m" as ISO 8601 (PT5M).
var severities = { critical: 1, warning: 3 }

resource ruleGroups 'Microsoft.AlertsManagement/prometheusRuleGroups@2023-03-01' = [
  for group in ruleFile.groups: {
    name: '${namePrefix}-${group.name}'
    location: location
    properties: {
      scopes: [prometheusWorkspaceId]
      enabled: true
      interval: 'PT1M'
      rules: map(group.rules, rule => contains(rule, 'record')
        ? { record: rule.record, expression: rule.expr }
        : {
            alert: rule.alert
            expression: rule.expr
            for: 'PT${toUpper(rule.for)}'
            severity: severities[rule.labels.severity]
            labels: rule.labels
            annotations: rule.annotations
            actions: [{ actionGroupId: actionGroupId }]
          })
    }
  }
]

resource siloReplicaMissing 'Microsoft.Insights/metricAlerts@2018-03-01' = [
  for siloAppId in siloAppIds: {
    name: '${last(split(siloAppId, '/'))}-replica-missing'
    location: 'global'
    properties: {
      description: 'The silo app runs no replica: the cluster has one silo fewer than deployed. Runbook: docs/runbooks/scale-out-silos.md'
      severity: 1
      enabled: true
      scopes: [siloAppId]
      evaluationFrequency: 'PT1M'
      windowSize: 'PT5M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'replicas'
            metricNamespace: 'Microsoft.App/containerApps'
            metricName: 'Replicas'
            operator: 'LessThan'
            threshold: 1
            timeAggregation: 'Maximum'
          }
        ]
      }
      actions: [{ actionGroupId: actionGroupId }]
    }
  }
]

resource originUnhealthy 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-gateway-origin-unhealthy'
  location: 'global'
  properties: {
    description: 'A region\'s gateway fails Front Door\'s health probe: traffic fails over to the next region. Runbook: docs/runbooks/regional-failover.md'
    severity: 1
    enabled: true
    scopes: [frontDoorProfileId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'origin-health'
          metricNamespace: 'Microsoft.Cdn/profiles'
          metricName: 'OriginHealthPercentage'
          operator: 'LessThan'
          threshold: 100
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [{ actionGroupId: actionGroupId }]
  }
}

// Cosmos DB's own view of its latency, beside StorageCommitLatencyHigh (the silos' view, from the rule file), which
// also counts the network and the throttling retries.
resource storageLatencyHigh 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${namePrefix}-ledger-latency-high'
  location: 'global'
  properties: {
    description: 'Cosmos DB answers the ledger slowly: every charge waits for its commit. Runbook: docs/runbooks/ledger-storage-and-feed-lag.md'
    severity: 2
    enabled: true
    scopes: [cosmosAccountId]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'server-side-latency'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'ServerSideLatencyDirect'
          operator: 'GreaterThan'
          threshold: cosmosLatencyThresholdMs
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [{ actionGroupId: actionGroupId }]
  }
}
