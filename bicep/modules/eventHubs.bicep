// A region's Event Hubs namespace and the hub the ledger feed is published to as Orleans streams.
// Local (SAS key) authentication is disabled: the silos send and receive with their identity.

import { roleIds } from 'roles.bicep'

param namespaceName string
param location string
param hubName string
param partitionCount int
param siloIdentityName string

resource siloIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: siloIdentityName
}

resource namespace 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: namespaceName
  location: location
  sku: { name: 'Standard', tier: 'Standard', capacity: 1 }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    zoneRedundant: true
  }
}

resource hub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: namespace
  name: hubName
  properties: {
    partitionCount: partitionCount
    messageRetentionInDays: 7
  }
}

resource access 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roleIds.eventHubsDataSender, roleIds.eventHubsDataReceiver]: {
    scope: hub
    name: guid(hub.id, siloIdentity.id, role)
    properties: {
      principalId: siloIdentity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

// https://NAME.servicebus.windows.net:443/ to NAME.servicebus.windows.net
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output hubName string = hub.name
