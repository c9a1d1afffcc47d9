using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FestivalPos.Clustering.Tls;

/// <summary>
/// The cluster's CA certificate (the only trust anchor: the system's trust store plays no part) and
/// this node's certificate with its key. A peer is accepted only if its certificate chains to the CA.
/// </summary>
public sealed class ClusterTlsCredentials(X509Certificate2 authority, X509Certificate2 node)
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public X509Certificate2 Authority => authority;

    public X509Certificate2 Node => node;

    /// <summary>
    /// Loads and checks the files the options name; null with <paramref name="problems"/> filled, each naming
    /// its key, when they do not make a usable pair. A node certificate that the CA did not issue, one without
    /// its private key or one not allowed for the roles it plays is refused here rather than at the first connection.
    /// </summary>
    public static ClusterTlsCredentials? Load(ClusterTlsOptions options, bool servesConnections, TimeProvider time, List<string> problems)
    {
        var authority = LoadAuthority(options.CaCertificatePath!, problems);
        var node = LoadNode(options, problems);
        if (authority is null || node is null)
        {
            return null;
        }

        var credentials = new ClusterTlsCredentials(authority, node);
        var now = time.GetUtcNow().UtcDateTime;
        var count = problems.Count;
        if (node.NotAfter.ToUniversalTime() <= now || node.NotBefore.ToUniversalTime() > now)
        {
            problems.Add($"{options.CertificateKey}: the certificate '{node.Subject}' is valid from {node.NotBefore.ToUniversalTime():u} to {node.NotAfter.ToUniversalTime():u} only.");
        }
        else if (!credentials.IsIssuedByCluster(node, presentedChain: null))
        {
            problems.Add($"{options.CertificateKey}: the certificate '{node.Subject}' does not chain to the CA of Cluster:Tls:CaCertificatePath ('{authority.Subject}').");
        }

        foreach (var (usage, name) in servesConnections ? [(ClientAuthentication, "client"), (ServerAuthentication, "server")] : new[] { (ClientAuthentication, "client") })
        {
            if (node.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault() is { } usages
                && !usages.EnhancedKeyUsages.Cast<Oid>().Any(oid => oid.Value == usage))
            {
                problems.Add($"{options.CertificateKey}: the certificate '{node.Subject}' is not allowed for TLS {name} authentication (extended key usage), which this node needs.");
            }
        }

        return problems.Count == count ? credentials : null;
    }

    /// <summary>
    /// The check Orleans runs on every peer, inbound and outbound: accepted only when the certificate
    /// chains to the cluster's CA (custom root trust) and is not itself a CA. The system's opinion
    /// (<paramref name="errors"/>: an unknown root, a name that differs) is replaced by this check, except
    /// that a missing certificate is refused. Fails closed: any error refuses.
    /// </summary>
    public bool ValidateRemote(X509Certificate2? certificate, X509Chain? presentedChain, SslPolicyErrors errors) =>
        certificate is not null
        && (errors & SslPolicyErrors.RemoteCertificateNotAvailable) == 0
        && IsIssuedByCluster(certificate, presentedChain);

    private bool IsIssuedByCluster(X509Certificate2 certificate, X509Chain? presentedChain)
    {
        try
        {
            if (certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority))
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            foreach (var element in presentedChain?.ChainElements.Skip(1) ?? [])
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            if (!chain.Build(certificate))
            {
                return false;
            }

            var root = chain.ChainElements[^1].Certificate;
            return chain.ChainElements.Count >= 2 && root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
        }
        catch (Exception)
        {
            // Whatever went wrong, the peer is not let in.
            return false;
        }
    }

    private static X509Certificate2? LoadAuthority(string path, List<string> problems)
    {
        X509Certificate2 authority;
        try
        {
            var content = File.ReadAllBytes(path);
            var pem = System.Text.Encoding.ASCII.GetString(content);
            authority = pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(pem)
                : X509CertificateLoader.LoadCertificate(content);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            problems.Add($"Cluster:Tls:CaCertificatePath: '{Path.GetFullPath(path)}' could not be read as a PEM or DER certificate ({exception.Message}).");
            return null;
        }

        if (!authority.Extensions.OfType<X509BasicConstraintsExtension>().Any(constraints => constraints.CertificateAuthority))
        {
            problems.Add($"Cluster:Tls:CaCertificatePath: '{authority.Subject}' is not a CA certificate (no CA basic constraint).");
            return null;
        }

        return authority;
    }

    private static X509Certificate2? LoadNode(ClusterTlsOptions options, List<string> problems)
    {
        var source = string.IsNullOrWhiteSpace(options.CertificateBase64) ? $"'{Path.GetFullPath(options.CertificatePath!)}'" : "the value";
        X509Certificate2 node;
        try
        {
            var password = options.CertificatePasswordFile is { Length: > 0 } passwordFile
                ? File.ReadAllText(passwordFile).TrimEnd('\r', '\n')
                : options.CertificatePassword;
            node = X509CertificateLoader.LoadPkcs12(ReadPfx(options), password);
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or FormatException)
        {
            problems.Add($"{options.CertificateKey}: {source} could not be read as a PFX (or its base64 text) with the password of "
                + $"Cluster:Tls:CertificatePassword / Cluster:Tls:CertificatePasswordFile ({exception.Message}).");
            return null;
        }

        if (!node.HasPrivateKey)
        {
            problems.Add($"{options.CertificateKey}: {source} holds no private key.");
            return null;
        }

        return node;
    }

    /// <summary>The PFX bytes: decoded from base64 text (a Key Vault secret, as a value or a mounted file), or the file as it is.</summary>
    private static byte[] ReadPfx(ClusterTlsOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificateBase64))
        {
            return Convert.FromBase64String(options.CertificateBase64);
        }

        var content = File.ReadAllBytes(options.CertificatePath!);
        return System.Buffers.Text.Base64.IsValid(content) ? Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(content)) : content;
    }
}
