using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using FestivalPos.Clustering.Tls;

namespace FestivalPos.AppHost;

/// <summary>
/// The cluster's private CA and this machine's node certificate, created at the first start in the
/// data folder (every file owner-only from its first byte) and reused afterwards; the silo and the
/// gateway present the node certificate and accept only peers of the CA. The CA's key
/// (cluster-ca.pfx) is used only to issue: at start, and by `issue-certificate` for another node.
/// </summary>
public sealed class ClusterCertificateFiles(string dataDirectory)
{
    public const string CaCertificateFileName = "cluster-ca.pem";
    public const string AuthorityFileName = "cluster-ca.pfx";
    public const string NodeFileName = "cluster-node.pfx";

    public string CaCertificatePath => Path.Combine(dataDirectory, CaCertificateFileName);

    public string AuthorityPath => Path.Combine(dataDirectory, AuthorityFileName);

    public string NodeCertificatePath => Path.Combine(dataDirectory, NodeFileName);

    /// <summary>The Cluster:Tls keys the silo and the gateway are started with.</summary>
    public IReadOnlyDictionary<string, string> AsEnvironment() => new Dictionary<string, string>
    {
        ["Cluster__Tls__CaCertificatePath"] = CaCertificatePath,
        ["Cluster__Tls__CertificatePath"] = NodeCertificatePath,
    };

    /// <summary>Creates what is missing or about to expire, reuses the rest; says which it did.</summary>
    public string EnsureCreated(TimeProvider time)
    {
        var now = time.GetUtcNow();
        var (authority, authorityCreated) = LoadOrCreateAuthority(now);
        using (authority)
        {
            var node = File.Exists(NodeCertificatePath) ? X509CertificateLoader.LoadPkcs12FromFile(NodeCertificatePath, password: null) : null;
            using (node)
            {
                if (node is not null && ClusterCertificates.IsFresh(node, now) && IsIssuedBy(authority, node))
                {
                    return authorityCreated ? "created the CA, reused the node certificate" : "reused";
                }
            }

            using var issued = ClusterCertificates.IssueNode(authority, Environment.MachineName.ToLowerInvariant(), now);
            OwnerOnlyFile.Write(NodeCertificatePath, ClusterCertificates.ExportPfx(issued));
            return authorityCreated ? "created" : "reused the CA, issued a new node certificate";
        }
    }

    /// <summary>A node certificate for another silo or gateway of this cluster, written owner-only to <paramref name="path"/>.</summary>
    public X509Certificate2 Issue(string path, string name, TimeProvider time)
    {
        var (authority, _) = LoadOrCreateAuthority(time.GetUtcNow());
        using (authority)
        {
            var issued = ClusterCertificates.IssueNode(authority, name, time.GetUtcNow());
            OwnerOnlyFile.Write(path, ClusterCertificates.ExportPfx(issued));
            return issued;
        }
    }

    private (X509Certificate2 Authority, bool Created) LoadOrCreateAuthority(DateTimeOffset now)
    {
        if (File.Exists(AuthorityPath))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(AuthorityPath, password: null);
            if (ClusterCertificates.IsFresh(existing, now))
            {
                if (!File.Exists(CaCertificatePath))
                {
                    OwnerOnlyFile.Write(CaCertificatePath, ClusterCertificates.ExportCertificatePem(existing));
                }

                return (existing, false);
            }

            existing.Dispose();
        }

        var authority = ClusterCertificates.CreateAuthority("FestivalPos Cluster CA", now);
        OwnerOnlyFile.Write(AuthorityPath, ClusterCertificates.ExportPfx(authority));
        OwnerOnlyFile.Write(CaCertificatePath, ClusterCertificates.ExportCertificatePem(authority));
        return (authority, true);
    }

    private static bool IsIssuedBy(X509Certificate2 authority, X509Certificate2 node)
    {
        using var publicAuthority = X509CertificateLoader.LoadCertificate(authority.RawData);
        return new ClusterTlsCredentials(publicAuthority, node).ValidateRemote(node, presentedChain: null, SslPolicyErrors.None);
    }
}
