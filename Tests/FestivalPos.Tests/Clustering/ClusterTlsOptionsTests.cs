using FestivalPos.Clustering.Tls;
using FestivalPos.DevServers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Clustering;

/// <summary>Bad or missing Cluster:Tls values stop a silo or gateway at start, with a message naming the key.</summary>
public sealed class ClusterTlsOptionsTests
{
    private static readonly TestClusterCertificates Cluster = TestClusterCertificates.Shared;

    [Fact]
    public void Without_TLS_configuration_the_start_is_refused_naming_both_keys()
    {
        var problems = Problems(new Dictionary<string, string?>());
        problems.Should().ContainSingle().Which.Should().StartWith("Cluster:Tls:CaCertificatePath and Cluster:Tls:CertificatePath are required");
    }

    [Fact]
    public void TLS_may_be_turned_off_in_the_Development_environment_only()
    {
        var off = new Dictionary<string, string?> { ["Cluster:Tls:Enabled"] = "false" };
        Problems(off).Should().ContainSingle().Which.Should().StartWith("Cluster:Tls:Enabled=false");
        ClusterTls.Resolve(Configuration(off), isDevelopment: true, servesConnections: true).Should().BeNull();
    }

    [Fact]
    public void Good_files_give_credentials_that_accept_the_node_and_refuse_a_stranger()
    {
        var credentials = ClusterTls.Resolve(Configuration(Cluster.Settings), isDevelopment: false, servesConnections: true)!;
        credentials.Node.Thumbprint.Should().Be(Cluster.Node.Thumbprint);
        credentials.ValidateRemote(Cluster.Node, null, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors).Should().BeTrue();
        credentials.ValidateRemote(TestClusterCertificates.Create("Stranger CA").Node, null, System.Net.Security.SslPolicyErrors.None).Should().BeFalse();
        credentials.ValidateRemote(Cluster.Authority, null, System.Net.Security.SslPolicyErrors.None).Should().BeFalse("the CA itself is not a node");
        credentials.ValidateRemote(null, null, System.Net.Security.SslPolicyErrors.RemoteCertificateNotAvailable).Should().BeFalse();
    }

    [Fact]
    public void The_node_certificate_may_be_given_as_base64_text_in_a_value_or_in_the_file_a_Key_Vault_secret_is_mounted_as()
    {
        var base64 = Convert.ToBase64String(File.ReadAllBytes(Cluster.CertificatePath));
        var mounted = Path.Combine(Cluster.Directory, $"cluster-node-{Guid.NewGuid():N}.pfx");
        OwnerOnlyFile.Write(mounted, System.Text.Encoding.ASCII.GetBytes(base64 + "\n"));
        var asValue = new Dictionary<string, string?>
        {
            ["Cluster:Tls:CaCertificatePath"] = Cluster.CaCertificatePath,
            ["Cluster:Tls:CertificateBase64"] = base64,
        };
        var asFile = new Dictionary<string, string?>(Cluster.Settings) { ["Cluster:Tls:CertificatePath"] = mounted };

        foreach (var settings in new[] { asValue, asFile })
        {
            var credentials = ClusterTls.Resolve(Configuration(settings), isDevelopment: false, servesConnections: true)!;
            credentials.Node.Thumbprint.Should().Be(Cluster.Node.Thumbprint);
            credentials.Node.HasPrivateKey.Should().BeTrue();
        }
    }

    [Fact]
    public void A_node_certificate_given_both_as_a_path_and_as_base64_is_refused()
    {
        var settings = new Dictionary<string, string?>(Cluster.Settings) { ["Cluster:Tls:CertificateBase64"] = Convert.ToBase64String(File.ReadAllBytes(Cluster.CertificatePath)) };

        Problems(settings).Should().ContainSingle().Which.Should().Be("Give Cluster:Tls:CertificatePath or Cluster:Tls:CertificateBase64, not both.");
    }

    [Theory]
    [InlineData("not base64 at all")]
    [InlineData("bm90IGEgUEZY")]
    public void Base64_text_that_is_not_a_PFX_is_refused_naming_its_key(string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Tls:CaCertificatePath"] = Cluster.CaCertificatePath,
            ["Cluster:Tls:CertificateBase64"] = value,
        };

        Problems(settings).Should().ContainSingle().Which.Should().StartWith("Cluster:Tls:CertificateBase64: the value could not be read as a PFX");
    }

    [Theory]
    [InlineData("missing-ca", "Cluster:Tls:CaCertificatePath: there is no file at")]
    [InlineData("node-as-ca", "Cluster:Tls:CaCertificatePath: '")]
    [InlineData("ca-as-node", "Cluster:Tls:CertificatePath: '")]
    [InlineData("other-ca", "Cluster:Tls:CertificatePath: the certificate 'CN=festivalpos-test-node' does not chain to the CA of Cluster:Tls:CaCertificatePath")]
    [InlineData("wrong-password", "Cluster:Tls:CertificatePath: '")]
    [InlineData("both-passwords", "Give Cluster:Tls:CertificatePassword or Cluster:Tls:CertificatePasswordFile, not both.")]
    public void A_bad_value_is_refused_naming_its_key(string problem, string expectedStart)
    {
        var stranger = TestClusterCertificates.Create("Stranger CA");
        var settings = new Dictionary<string, string?>(Cluster.Settings);
        switch (problem)
        {
            case "missing-ca":
                settings["Cluster:Tls:CaCertificatePath"] = Path.Combine(Cluster.Directory, "nothing-here.pem");
                break;
            case "node-as-ca":
                settings["Cluster:Tls:CaCertificatePath"] = Cluster.CertificatePath;
                break;
            case "ca-as-node":
                settings["Cluster:Tls:CertificatePath"] = Cluster.CaCertificatePath;
                break;
            case "other-ca":
                settings["Cluster:Tls:CaCertificatePath"] = stranger.CaCertificatePath;
                break;
            case "wrong-password":
                settings["Cluster:Tls:CertificatePassword"] = "not-the-password";
                break;
            case "both-passwords":
                settings["Cluster:Tls:CertificatePassword"] = "a";
                settings["Cluster:Tls:CertificatePasswordFile"] = Cluster.CaCertificatePath;
                break;
        }

        Problems(settings).Should().ContainSingle().Which.Should().StartWith(expectedStart);
    }

    private static List<string> Problems(IReadOnlyDictionary<string, string?> settings)
    {
        var resolve = () => ClusterTls.Resolve(Configuration(settings), isDevelopment: false, servesConnections: true);
        return resolve.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
    }

    private static IConfiguration Configuration(IReadOnlyDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
