// One Orleans silo: a Container App with exactly one replica (min = max = 1), as the Orleans guidance for
// Container Apps asks. Its silo and gateway ports are unique in the environment, because every app is
// reached at the environment's one internal address, which routes by port; that address is what the silo
// advertises. The cluster grows by adding apps, never by replicas, and never scales to zero.

param name string
param location string
param environmentId string
param environmentStaticIp string
param image string
param registryServer string
param identityId string
param siloPort int
param gatewayPort int
param managementPort int
param settings { name: string, value: string }[]
param secrets { name: string, keyVaultUrl: string }[]
param secretFiles { secretRef: string, path: string }[]

// Measured: a silo exits 0.2 to 0.6 s after SIGTERM (1.8 to 2.3 s under `dotnet run`) on a loaded
// 2-core machine; a silo holding grains in a busy cluster also deactivates them and leaves the
// membership table first, so it gets well above that.
var terminationGracePeriodSeconds = 60

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
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
        external: false
        transport: 'tcp'
        targetPort: siloPort
        exposedPort: siloPort
        additionalPortMappings: [
          { external: false, targetPort: gatewayPort, exposedPort: gatewayPort }
        ]
      }
      registries: [{ server: registryServer, identity: identityId }]
      secrets: [for secret in secrets: { name: secret.name, keyVaultUrl: secret.keyVaultUrl, identity: identityId }]
    }
    template: {
      terminationGracePeriodSeconds: terminationGracePeriodSeconds
      containers: [
        {
          name: 'silo'
          image: image
          resources: { cpu: json('2.0'), memory: '4Gi' }
          env: concat(settings, [
            // Others reach the silo at the environment's address, which is not the container's own: listen on every interface.
            { name: 'Cluster__AdvertisedAddress', value: environmentStaticIp }
            { name: 'Cluster__ListenOnAnyInterface', value: 'true' }
            { name: 'Cluster__SiloPort', value: string(siloPort) }
            { name: 'Cluster__GatewayPort', value: string(gatewayPort) }
          ])
          volumeMounts: [{ volumeName: 'secret-files', mountPath: '/run/secrets/festivalpos' }]
          probes: [
            {
              type: 'Startup'
              httpGet: { path: '/health/startup', port: managementPort }
              periodSeconds: 5
              failureThreshold: 60
            }
            {
              type: 'Readiness'
              httpGet: { path: '/health/ready', port: managementPort }
              periodSeconds: 10
              failureThreshold: 3
            }
            {
              // Liveness checks the process only: a storage outage must not restart every silo at once.
              type: 'Liveness'
              httpGet: { path: '/health/live', port: managementPort }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      volumes: [{ name: 'secret-files', storageType: 'Secret', secrets: secretFiles }]
      scale: { minReplicas: 1, maxReplicas: 1 }
    }
  }
}
