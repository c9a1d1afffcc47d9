// The HTTP gateway of a region: an Orleans client that scales on concurrent requests and never below
// minReplicas. Its ingress is "external" to the environment only, which is internal to the virtual
// network: the internet reaches it through Front Door's private link alone. TLS ends at Front Door and
// the ingress, so the container serves plain HTTP on targetPort.

param name string
param location string
param environmentId string
param image string
param registryServer string
param identityId string
param targetPort int
param minReplicas int
param maxReplicas int
param concurrentRequestsPerReplica int
param settings { name: string, value: string }[]
param secrets { name: string, keyVaultUrl: string }[]
param secretSettings { name: string, secretRef: string }[]
param secretFiles { secretRef: string, path: string }[]

resource gateway 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        transport: 'http'
        targetPort: targetPort
        allowInsecure: false
      }
      registries: [{ server: registryServer, identity: identityId }]
      secrets: [for secret in secrets: { name: secret.name, keyVaultUrl: secret.keyVaultUrl, identity: identityId }]
    }
    template: {
      containers: [
        {
          name: 'gateway'
          image: image
          resources: { cpu: json('1.0'), memory: '2Gi' }
          env: concat(settings, secretSettings, [
            // The endpoint appsettings.json calls Https, moved to plain HTTP on all interfaces for the ingress.
            { name: 'Kestrel__Endpoints__Https__Url', value: 'http://0.0.0.0:${targetPort}' }
          ])
          volumeMounts: [{ volumeName: 'secret-files', mountPath: '/run/secrets/festivalpos' }]
          probes: [
            {
              type: 'Readiness'
              httpGet: { path: '/health/ready', port: targetPort }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              type: 'Liveness'
              httpGet: { path: '/health/live', port: targetPort }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      volumes: [{ name: 'secret-files', storageType: 'Secret', secrets: secretFiles }]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'concurrent-requests'
            http: { metadata: { concurrentRequests: string(concurrentRequestsPerReplica) } }
          }
        ]
      }
    }
  }
}

output fqdn string = gateway.properties.configuration.ingress.fqdn
