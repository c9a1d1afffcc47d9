// A region's virtual network with the subnet its Container Apps environment runs in.

param name string
param location string
param addressPrefix string
param infrastructureSubnetPrefix string

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'container-apps'
        properties: {
          addressPrefix: infrastructureSubnetPrefix
          delegations: [
            { name: 'container-apps', properties: { serviceName: 'Microsoft.App/environments' } }
          ]
        }
      }
    ]
  }
}

output infrastructureSubnetId string = network.properties.subnets[0].id
