using FestivalPos.Clustering;
using FestivalPos.Silo;
using FestivalPos.Silo.Management;

namespace FestivalPos.Tests.Clustering;

/// <summary>The silo's own keys and its listening address: a bad value stops the start with a message naming the key.</summary>
public sealed class SiloOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9465")]
    [InlineData("http://0.0.0.0:9465")]
    [InlineData("http://[::]:9465")]
    [InlineData("http://localhost:9465")]
    public void A_management_url_with_an_address_and_a_port_is_accepted(string value)
    {
        new SiloOptions { ManagementUrl = value }.Problems().Should().BeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://127.0.0.1:9465")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://silo.example:9465")]
    [InlineData("http://127.0.0.1:9465/health")]
    public void A_management_url_that_is_missing_or_not_http_address_and_port_is_refused(string value)
    {
        new SiloOptions { ManagementUrl = value }.Problems().Should().ContainSingle().Which.Should().StartWith("Silo:ManagementUrl");
    }

    [Fact]
    public void Listening_on_every_interface_is_for_clusters_of_several_machines()
    {
        new SiloClusterOptions { Membership = ClusterMembership.PostgreSql, PostgreSqlConnectionString = "Host=db", ListenOnAnyInterface = true }
            .Problems().Should().BeEmpty();
        new SiloClusterOptions { Membership = ClusterMembership.Localhost, ListenOnAnyInterface = true }
            .Problems().Should().ContainSingle().Which.Should().StartWith("Cluster:ListenOnAnyInterface");
    }
}
