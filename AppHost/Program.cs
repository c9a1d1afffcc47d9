using System.Runtime.InteropServices;
using FestivalPos.AppHost;
using Microsoft.Extensions.Configuration;

// The whole system on one machine: a silo on the embedded default and the HTTPS gateway.
// Every argument and environment variable reaches both processes (they share the Cluster keys).
if (args is [IssueCertificateCommand.Name, .. var issueArguments])
{
    return IssueCertificateCommand.Run(issueArguments);
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var dataDirectory = Path.GetFullPath(configuration["Gateway:DataPath"] ?? "data");
var credentials = BootstrapCredentials.Resolve(configuration, dataDirectory, out var credentialsSource);
var gatewayUrl = new Uri(configuration["Kestrel:Endpoints:Https:Url"] ?? "https://127.0.0.1:7443");
var managementUrl = configuration["Gateway:ManagementUrl"] ?? "http://127.0.0.1:9464";
var siloGatewayPort = int.Parse(configuration["Cluster:GatewayPort"] ?? "30000");

Console.WriteLine($"[apphost] bootstrap clients '{credentials.OrganizerClientId}' (organizer) and '{credentials.TopupClientId}' (top-up), secrets from {credentialsSource}");
var clusterTls = ClusterTlsEnvironment(configuration, dataDirectory);
// The ledger's keys are wrapped under a master key in an owner-only file beside the data, unless Keys:Provider names another.
var masterKey = configuration["Keys:Provider"] is null
    ? new Dictionary<string, string> { ["Keys__Provider"] = "File", ["Keys__FilePath"] = Path.Combine(dataDirectory, "master.key") }
    : [];
var silo = new ChildProcess("silo", "SiloAssembly", args, clusterTls.Concat(masterKey).ToDictionary());
var gateway = new ChildProcess("gateway", "GatewayAssembly", args, credentials.AsEnvironment().Concat(clusterTls).ToDictionary());

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

// The cluster's CA and node certificate from the data folder (created at the first start), unless
// Cluster:Tls is configured: then the silo and the gateway read it as given.
static IReadOnlyDictionary<string, string> ClusterTlsEnvironment(IConfiguration configuration, string dataDirectory)
{
    if (string.Equals(configuration["Cluster:Tls:Enabled"], "false", StringComparison.OrdinalIgnoreCase)
        || !string.IsNullOrEmpty(configuration["Cluster:Tls:CaCertificatePath"])
        || !string.IsNullOrEmpty(configuration["Cluster:Tls:CertificatePath"]))
    {
        Console.WriteLine("[apphost] cluster TLS as configured (Cluster:Tls)");
        return new Dictionary<string, string>();
    }

    var files = new ClusterCertificateFiles(dataDirectory);
    var what = files.EnsureCreated(TimeProvider.System);
    Console.WriteLine($"[apphost] cluster TLS: CA {files.CaCertificatePath}, node certificate {files.NodeCertificatePath} ({what})");
    return files.AsEnvironment();
}
