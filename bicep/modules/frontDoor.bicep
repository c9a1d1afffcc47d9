// The public entry: Azure Front Door Premium, which reaches each region's gateway over a private link
// into its internal Container Apps environment. One origin group with priority failover: every request
// goes to the primary region while its health probe answers, to the secondary when it does not.

param profileName string
@maxLength(5)
param origins { location: string, environmentName: string, hostName: string }[]
param healthProbePath string

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  // Premium: private link origins.
  sku: { name: 'Premium_AzureFrontDoor' }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: profileName
  location: 'global'
  properties: { enabledState: 'Enabled' }
}

resource gateways 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'gateways'
  properties: {
    healthProbeSettings: {
      probePath: healthProbePath
      probeProtocol: 'Https'
      probeRequestType: 'GET'
      probeIntervalInSeconds: 10
    }
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 0
    }
    sessionAffinityState: 'Disabled'
  }
}

resource regionOrigins 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = [
  for (origin, index) in origins: {
    parent: gateways
    name: 'gateway-${origin.location}'
    properties: {
      hostName: origin.hostName
      originHostHeader: origin.hostName
      httpsPort: 443
      enforceCertificateNameCheck: true
      // Priority 1 is the primary region; the next is used only while every origin before it is unhealthy.
      priority: index + 1
      weight: 1000
      enabledState: 'Enabled'
      sharedPrivateLinkResource: {
        privateLink: { id: resourceId('Microsoft.App/managedEnvironments', origin.environmentName) }
        groupId: 'managedEnvironments'
        privateLinkLocation: origin.location
        requestMessage: 'Front Door ${profileName} to the FestivalPos gateway'
      }
    }
  }
]

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: endpoint
  name: 'api'
  dependsOn: [regionOrigins]
  properties: {
    originGroup: { id: gateways.id }
    supportedProtocols: ['Https']
    httpsRedirect: 'Disabled'
    forwardingProtocol: 'HttpsOnly'
    patternsToMatch: ['/*']
    linkToDefaultDomain: 'Enabled'
  }
}

output profileId string = profile.id
output hostName string = endpoint.properties.hostName
