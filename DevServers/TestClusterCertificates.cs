using System.Security.Cryptography.X509Certificates;
using FestivalPos.Clustering.Tls;

namespace FestivalPos.DevServers;

/// <summary>
/// A throwaway private CA and a node certificate it issued, for the clusters a test run or a benchmark
/// starts: files in a temporary folder (owner-only), deleted when the process exits. <see cref="Shared"/>
/// is created once per process; <see cref="Create"/> makes an unrelated CA (a stranger's).
/// </summary>
public sealed class TestClusterCertificates
{
    private static readonly Lazy<TestClusterCertificates> SharedInstance = new(() => Create("FestivalPos Test Cluster CA"));

    private TestClusterCertificates(string directory, X509Certificate2 authority, X509Certificate2 node)
    {
        Directory = directory;
        Authority = authority;
        Node = node;
    }

    /// <summary>The CA every in-process test cluster of this run trusts.</summary>
    public static TestClusterCertificates Shared => SharedInstance.Value;

    public string Directory { get; }

    /// <summary>The CA, with its private key (to issue more).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A node certificate issued by the CA, with its key.</summary>
    public X509Certificate2 Node { get; }

    public string CaCertificatePath => Path.Combine(Directory, "cluster-ca.pem");

    public string CertificatePath => Path.Combine(Directory, "cluster-node.pfx");

    /// <summary>The Cluster:Tls keys a silo or a gateway needs to join a cluster of this CA.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Cluster:Tls:CaCertificatePath"] = CaCertificatePath,
        ["Cluster:Tls:CertificatePath"] = CertificatePath,
    };

    /// <summary>The same keys as command-line arguments, for a silo or gateway run as a process.</summary>
    public IEnumerable<string> Arguments => Settings.Select(setting => $"--{setting.Key}={setting.Value}");

    /// <summary>The credentials of a node of this CA, for hosts configured in code.</summary>
    public ClusterTlsCredentials Credentials => new(Authority, Node);

    /// <summary>A new CA (named <paramref name="name"/>) and a node certificate, written to a new temporary folder.</summary>
    public static TestClusterCertificates Create(string name)
    {
        var now = DateTimeOffset.UtcNow;
        var authority = ClusterCertificates.CreateAuthority(name, now);
        var node = ClusterCertificates.IssueNode(authority, "festivalpos-test-node", now);
        var directory = Path.Combine(Path.GetTempPath(), $"festivalpos-test-ca-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var certificates = new TestClusterCertificates(directory, authority, node);
        OwnerOnlyFile.Write(certificates.CaCertificatePath, ClusterCertificates.ExportCertificatePem(authority));
        OwnerOnlyFile.Write(certificates.CertificatePath, ClusterCertificates.ExportPfx(node));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(directory);
        return certificates;
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
