using System.Security.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using Orleans.Hosting;

namespace FestivalPos.Clustering.Tls;

/// <summary>Mutual TLS on every Orleans connection, from the Cluster:Tls configuration (see <see cref="ClusterTlsOptions"/>).</summary>
public static class ClusterTls
{
    /// <summary>
    /// The credentials Cluster:Tls names, or null when TLS is explicitly off in the Development
    /// environment. Anything else that is missing or wrong stops the start with a message naming the key.
    /// </summary>
    /// <param name="servesConnections">true for a silo (it serves and connects), false for a client (it only connects).</param>
    public static ClusterTlsCredentials? Resolve(IConfiguration configuration, bool isDevelopment, bool servesConnections)
    {
        var options = configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        var problems = options.Problems(isDevelopment).ToList();
        if (problems.Count == 0 && !options.Enabled)
        {
            return null;
        }

        var credentials = problems.Count == 0 ? ClusterTlsCredentials.Load(options, servesConnections, TimeProvider.System, problems) : null;
        return credentials ?? throw new OptionsValidationException(ClusterTlsOptions.SectionName, typeof(ClusterTlsOptions), problems);
    }

    /// <summary>Silo-to-silo and client-to-silo connections of this silo: TLS 1.3, a certificate on both sides, the cluster's CA only.</summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsCredentials credentials) =>
        silo.UseTls(options => Configure(options, credentials));

    /// <summary>This client's connections to silo gateways: TLS 1.3, a certificate on both sides, the cluster's CA only.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsCredentials credentials) =>
        client.UseTls(options => Configure(options, credentials));

    private static void Configure(TlsOptions options, ClusterTlsCredentials credentials)
    {
        options.LocalCertificate = credentials.Node;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = credentials.ValidateRemote;
        options.SslProtocols = SslProtocols.Tls13;
        options.CheckCertificateRevocation = false;
    }
}
