using System.Runtime.InteropServices;
using FestivalPos.AppHost;
using Microsoft.Extensions.Configuration;

// The whole system on one machine: a silo on the embedded default and the HTTPS gateway.
// Every argument and environment variable reaches both processes (they share the Cluster keys).
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var dataDirectory = Path.GetFullPath(configuration["Gateway:DataPath"] ?? "data");
var credentials = BootstrapCredentials.Resolve(configuration, dataDirectory, out var credentialsSource);
var gatewayUrl = new Uri(configuration["Kestrel:Endpoints:Https:Url"] ?? "https://127.0.0.1:7443");
var managementUrl = configuration["Gateway:ManagementUrl"] ?? "http://127.0.0.1:9464";
var siloGatewayPort = int.Parse(configuration["Cluster:GatewayPort"] ?? "30000");

Console.WriteLine($"[apphost] bootstrap clients '{credentials.OrganizerClientId}' (organizer) and '{credentials.TopupClientId}' (top-up), secrets from {credentialsSource}");
var silo = new ChildProcess("silo", "SiloAssembly", args, new Dictionary<string, string>());
var gateway = new ChildProcess("gateway", "GatewayAssembly", args, credentials.AsEnvironment());

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, eventArgs) =>
{
    eventArgs.Cancel = true;
    stopping.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

return await new SystemSupervisor(silo, gateway, siloGatewayPort, gatewayUrl, managementUrl).RunAsync(stopping.Token);
