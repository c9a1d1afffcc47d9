using System.Runtime.InteropServices;
using FestivalPos.AppHost;
using Microsoft.Extensions.Configuration;

// The whole system on one machine: a silo on the embedded default and the HTTPS gateway.
// Every argument and environment variable reaches both processes (they share the Cluster keys).
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var dataDirectory = Path.GetFullPath(configuration["Gateway:DataPath"] ?? "data");
var credentials = BootstrapCredentials.Resolve(configuration, dataDirectory, out var credentialsSource);
var gatewayUrl = new Uri(configuration["Kestrel:Endpoints:Https:Url"] ?? "https://127.0.0.1:7443");
var siloGatewayPort = int.Parse(configuration["Cluster:GatewayPort"] ?? "30000");

Console.WriteLine($"[apphost] bootstrap clients '{credentials.OrganizerClientId}' (organizer) and '{credentials.TopupClientId}' (top-up), secrets from {credentialsSource}");
// The ledger's keys are wrapped under a master key in an owner-only file beside the data, unless Keys:Provider names another.
var masterKey = configuration["Keys:Provider"] is null
    ? new Dictionary<string, string> { ["Keys__Provider"] = "File", ["Keys__FilePath"] = Path.Combine(dataDirectory, "master.key") }
    : [];
var silo = new ChildProcess("silo", "SiloAssembly", args, masterKey);
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

return await new SystemSupervisor(silo, gateway, siloGatewayPort, gatewayUrl).RunAsync(stopping.Token);
