// The user-assigned identities the silos and the gateways run as; every data-plane role is granted to these.

param namePrefix string
param location string

resource silo 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-silo'
  location: location
}

resource gateway 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-gateway'
  location: location
}

output siloPrincipalId string = silo.properties.principalId
output gatewayPrincipalId string = gateway.properties.principalId
