using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FestivalPos.Clustering.Tls;

/// <summary>
/// The cluster's private certificate authority and the node certificates it issues (ECDSA P-256).
/// Silos and Orleans clients present a node certificate and accept only peers whose certificate
/// chains to the authority: see <see cref="ClusterTlsCredentials"/>.
/// </summary>
public static class ClusterCertificates
{
    public static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(10 * 365);
    public static readonly TimeSpan NodeValidity = TimeSpan.FromDays(2 * 365);

    /// <summary>A certificate this close to its end is replaced at start.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>A new self-signed authority that may only issue end certificates, with its private key.</summary>
    public static X509Certificate2 CreateAuthority(string name, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var created = request.CreateSelfSigned(now.AddDays(-1), now + AuthorityValidity);
        return Reloaded(created);
    }

    /// <summary>
    /// A node certificate (for a silo or an Orleans client: it serves and it connects) issued by
    /// <paramref name="authority"/>, which must carry its private key; the answer carries the node's key.
    /// </summary>
    public static X509Certificate2 IssueNode(X509Certificate2 authority, string name, DateTimeOffset now)
    {
        if (!authority.HasPrivateKey)
        {
            throw new ArgumentException("The authority's private key is needed to issue a certificate.", nameof(authority));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication), new Oid(ClientAuthentication)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());

        var notAfter = now + NodeValidity < authority.NotAfter.ToUniversalTime() ? now + NodeValidity : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reloaded(withKey);
    }

    /// <summary>Whether <paramref name="certificate"/> is still good for longer than <see cref="RenewBefore"/>.</summary>
    public static bool IsFresh(X509Certificate2 certificate, DateTimeOffset now) =>
        certificate.NotAfter.ToUniversalTime() > (now + RenewBefore).UtcDateTime;

    /// <summary>The certificate alone, as PEM: what every node trusts.</summary>
    public static byte[] ExportCertificatePem(X509Certificate2 certificate) =>
        System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n");

    /// <summary>The certificate with its private key, as a PFX without a password (its file is owner-only).</summary>
    public static byte[] ExportPfx(X509Certificate2 certificate) => certificate.Export(X509ContentType.Pfx);

    /// <summary>A copy that owns its key, independent of the ephemeral key object it was made with.</summary>
    private static X509Certificate2 Reloaded(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
}
