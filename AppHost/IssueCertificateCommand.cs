using Microsoft.Extensions.Configuration;

namespace FestivalPos.AppHost;

/// <summary>
/// `issue-certificate OUT.pfx`: a node certificate of this machine's cluster CA (data/cluster-ca.pfx,
/// created if missing) for another silo or gateway, written owner-only. Copy it with data/cluster-ca.pem
/// to the other machine and point its Cluster:Tls:CertificatePath and :CaCertificatePath at them.
/// </summary>
public static class IssueCertificateCommand
{
    public const string Name = "issue-certificate";

    public static int Run(string[] arguments)
    {
        if (arguments is not [var output, .. var rest] || output.StartsWith('-'))
        {
            Console.Error.WriteLine($"usage: {Name} OUT.pfx [--Gateway:DataPath=data]");
            return 64;
        }

        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(rest).Build();
        var files = new ClusterCertificateFiles(Path.GetFullPath(configuration["Gateway:DataPath"] ?? "data"));
        var name = Path.GetFileNameWithoutExtension(output).ToLowerInvariant();
        using var issued = files.Issue(output, name, TimeProvider.System);
        Console.WriteLine($"issued '{issued.Subject}' (valid until {issued.NotAfter.ToUniversalTime():u}) to {Path.GetFullPath(output)}, by the CA of {files.CaCertificatePath}");
        return 0;
    }
}
