// The registry cloud CI pushes the silo and gateway images to; the apps pull with their identities (AcrPull).

import { roleIds } from 'roles.bicep'

param registryName string
param location string
param pullerPrincipalIds string[]

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: registryName
  location: location
  sku: { name: 'Standard' }
  properties: {
    adminUserEnabled: false
  }
}

resource pull 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in pullerPrincipalIds: {
    scope: registry
    name: guid(registry.id, principalId, roleIds.acrPull)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.acrPull)
    }
  }
]

output loginServer string = registry.properties.loginServer
