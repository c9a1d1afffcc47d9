using System.Net.Security;
using System.Security.Cryptography;

namespace FestivalPos.PosApp.Gateway;

/// <summary>
/// The terminal's HTTP transport: HTTPS validated as usual, or against the SHA-256 fingerprint of
/// the gateway certificate pinned at enrollment (the gateway's self-signed certificate).
/// </summary>
public static class GatewayHttp
{
    public static HttpClient Create(string baseUrl, string? pinnedCertificateSha256) => Client(baseUrl, CreateHandler(pinnedCertificateSha256));

    /// <summary>An HTTP client over <paramref name="handler"/> for the gateway at <paramref name="baseUrl"/>; callers set their own time budgets.</summary>
    public static HttpClient Client(string baseUrl, HttpMessageHandler handler) =>
        new(handler) { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The connection handler: a 2 s connect timeout, and the pinned certificate accepted when given.</summary>
    public static SocketsHttpHandler CreateHandler(string? pinnedCertificateSha256)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (pinnedCertificateSha256 is { } pinned)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (certificate is not null && string.Equals(Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())), pinned, StringComparison.OrdinalIgnoreCase));
        }

        return handler;
    }

    /// <summary>The fingerprint to pin for a certificate file (PFX without password, DER or PEM).</summary>
    public static string Fingerprint(string certificatePath)
    {
        var certificate = certificatePath.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || certificatePath.EndsWith(".p12", StringComparison.OrdinalIgnoreCase)
            ? System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificatePath, null)
            : System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        return Convert.ToHexString(SHA256.HashData(certificate.RawData));
    }
}
