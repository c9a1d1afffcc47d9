using System.Runtime.InteropServices;
using FestivalPos.AppHost;
using Microsoft.Extensions.Configuration;

// The whole system on one machine: a silo on the embedded default and the HTTPS gateway; with
// `--profile cloud`, on Cosmos DB and Azure Table storage served locally (CloudProfile).
// Every other argument and environment variable reaches both processes (they share the Cluster keys).
if (args is [IssueCertificateCommand.Name, .. var issueArguments])
{
    return IssueCertificateCommand.Run(issueArguments);
}

(var profile, args) = TakeProfile(args);
if (profile is not (null or CloudProfile.Name))
{
    Console.Error.WriteLine($"[apphost] unknown profile '{profile}': --profile {CloudProfile.Name}, or none for the embedded default");
    return 64;
}

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
var dataDirectory = Path.GetFullPath(configuration["Gateway:DataPath"] ?? "data");
var credentials = BootstrapCredentials.Resolve(configuration, dataDirectory, out var credentialsSource);
var operatorCredentials = OperatorCredentials.Resolve(configuration, dataDirectory, out var operatorSource);
var gatewayUrl = new Uri(configuration["Kestrel:Endpoints:Https:Url"] ?? "https://127.0.0.1:7443");
var managementUrl = configuration["Gateway:ManagementUrl"] ?? "http://127.0.0.1:9464";
var siloGatewayPort = int.Parse(configuration["Cluster:GatewayPort"] ?? "30000");

Console.WriteLine($"[apphost] bootstrap clients '{credentials.OrganizerClientId}' (organizer) and '{credentials.TopupClientId}' (top-up), secrets from {credentialsSource}");
Console.WriteLine($"[apphost] bootstrap client '{operatorCredentials.ClientId}' (operator), secret from {operatorSource}");
var clusterTls = ClusterTlsEnvironment(configuration, dataDirectory);
// The ledger's keys are wrapped under a master key in an owner-only file beside the data, unless Keys:Provider names another.
var masterKey = configuration["Keys:Provider"] is null
    ? new Dictionary<string, string> { ["Keys__Provider"] = "File", ["Keys__FilePath"] = Path.Combine(dataDirectory, "master.key") }
    : [];

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

CloudProfile? cloud;
try
{
    cloud = profile == CloudProfile.Name ? await CloudProfile.StartAsync(stopping.Token) : null;
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    return 0;
}

await using (cloud)
{
    var silo = new ChildProcess("silo", "SiloAssembly", args,
        clusterTls.Concat(masterKey).Concat(cloud?.SiloEnvironment ?? new Dictionary<string, string>()).ToDictionary());
    var gateway = new ChildProcess("gateway", "GatewayAssembly", args,
        credentials.AsEnvironment().Concat(operatorCredentials.AsEnvironment()).Concat(clusterTls).Concat(cloud?.MembershipEnvironment ?? new Dictionary<string, string>()).ToDictionary());
    return await new SystemSupervisor(silo, gateway, siloGatewayPort, gatewayUrl, managementUrl).RunAsync(stopping.Token);
}

// `--profile NAME` is the AppHost's own; the arguments around it go to the silo and the gateway.
static (string? Profile, string[] Settings) TakeProfile(string[] args)
{
    var at = Array.IndexOf(args, "--profile");
    return at < 0 ? (null, args) : (args.ElementAtOrDefault(at + 1) ?? "", [.. args[..at], .. args.Skip(at + 2)]);
}

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
