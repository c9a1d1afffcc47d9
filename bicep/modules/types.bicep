// Shapes that main.bicep and the modules share.

@export()
@description('Names (never values) of the Key Vault secrets the apps read.')
type vaultSecretNames = {
  masterKey: string
  bootstrapOrganizer: string
  bootstrapTopup: string
  bootstrapOperator: string
  clusterCa: string
  siloCertificate: string
  gatewayCertificate: string
}

@export()
@description('Silo i of a region listens on firstSiloPort + i and firstGatewayPort + i.')
type appPorts = { firstSiloPort: int, firstGatewayPort: int, siloManagement: int, gateway: int }
