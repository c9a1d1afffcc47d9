namespace FestivalPos.Clustering.Tls;

/// <summary>
/// Mutual TLS between silos and between Orleans clients and silos, bound from Cluster:Tls (silo and
/// gateway alike). On unless Cluster:Tls:Enabled is false, which only the Development environment accepts.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "Cluster:Tls";

    public bool Enabled { get; set; } = true;

    /// <summary>The PEM (or DER) certificate of the cluster's private CA: peers must chain to it.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>
    /// This node's certificate with its private key, a PFX issued by the CA: the file itself or its base64 text (as Key
    /// Vault keeps it, so a secret mounted as a file can be named here).
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The same PFX as base64 text, for a secret handed over as an environment variable; instead of <see cref="CertificatePath"/>.</summary>
    public string? CertificateBase64 { get; set; }

    /// <summary>The key this node's certificate comes from, for messages.</summary>
    public string CertificateKey => string.IsNullOrWhiteSpace(CertificateBase64) ? "Cluster:Tls:CertificatePath" : "Cluster:Tls:CertificateBase64";

    public string? CertificatePassword { get; set; }

    /// <summary>A file whose content (without a trailing newline) is the PFX password.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>Every problem with these options that shows without opening the files, in words an operator can act on.</summary>
    public IEnumerable<string> Problems(bool isDevelopment)
    {
        if (!Enabled)
        {
            if (!isDevelopment)
            {
                yield return "Cluster:Tls:Enabled=false (silo and gateway ports open to anyone, unencrypted) is accepted only in the Development "
                    + "environment (DOTNET_ENVIRONMENT=Development); configure Cluster:Tls:CaCertificatePath and Cluster:Tls:CertificatePath instead.";
            }

            yield break;
        }

        var hasBase64 = !string.IsNullOrWhiteSpace(CertificateBase64);
        if (hasBase64 && !string.IsNullOrWhiteSpace(CertificatePath))
        {
            yield return "Give Cluster:Tls:CertificatePath or Cluster:Tls:CertificateBase64, not both.";
        }

        var missing = new[] { ("CaCertificatePath", CaCertificatePath), ("CertificatePath", hasBase64 ? CertificateBase64 : CertificatePath) }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Item2))
            .Select(setting => $"Cluster:Tls:{setting.Item1}")
            .ToList();
        if (missing.Count > 0)
        {
            yield return $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} required: the cluster's ports accept only peers "
                + "with a certificate from the cluster's CA (Cluster:Tls:CaCertificatePath, a PEM certificate) and this node presents its own "
                + "(Cluster:Tls:CertificatePath, a PFX with its key, or Cluster:Tls:CertificateBase64, its base64 text). `dotnet run --project AppHost` creates both in data/ "
                + "(cluster-ca.pem, cluster-node.pfx); Cluster:Tls:Enabled=false turns TLS off, in the Development environment only.";
        }

        foreach (var (key, path) in new[] { ("CaCertificatePath", CaCertificatePath), ("CertificatePath", CertificatePath) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                yield return $"Cluster:Tls:{key}: there is no file at '{Path.GetFullPath(path)}'.";
            }
        }

        if (CertificatePassword is not null && CertificatePasswordFile is not null)
        {
            yield return "Give Cluster:Tls:CertificatePassword or Cluster:Tls:CertificatePasswordFile, not both.";
        }
        else if (!string.IsNullOrWhiteSpace(CertificatePasswordFile) && !File.Exists(CertificatePasswordFile))
        {
            yield return $"Cluster:Tls:CertificatePasswordFile: there is no file at '{Path.GetFullPath(CertificatePasswordFile)}'.";
        }
    }
}
