using FestivalPos.Clustering;
using FestivalPos.Silo;
using FestivalPos.Silo.Management;
using ClusterMembershipOptions = Orleans.Configuration.ClusterMembershipOptions;

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

    [Fact]
    public void Failure_detection_finds_a_dead_silo_in_about_a_second_and_keeps_the_pause_guards_on()
    {
        var membership = new ClusterMembershipOptions();

        new SiloClusterOptions().FailureDetection.ApplyTo(membership);

        (membership.ProbeTimeout, membership.NumMissedProbesLimit, membership.NumVotesForDeathDeclaration)
            .Should().Be((TimeSpan.FromSeconds(1), 2, 2));
        (membership.MinProbeTimeout, membership.MaxProbeTimeout).Should().Be((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4)));
        membership.EnableConnectionLivenessCheck.Should().BeTrue();
        membership.ExtendProbeTimeoutDuringDegradation.Should().BeTrue();
    }

    [Theory]
    [InlineData(100, 2, 2, "Cluster:FailureDetection:ProbeTimeoutMs")]
    [InlineData(1000, 0, 2, "Cluster:FailureDetection:MissedProbesLimit")]
    [InlineData(1000, 2, 0, "Cluster:FailureDetection:VotesForDeath")]
    public void Failure_detection_out_of_range_is_refused_naming_the_key(int probeTimeoutMs, int missedProbes, int votes, string key)
    {
        var cluster = new SiloClusterOptions { FailureDetection = new() { ProbeTimeoutMs = probeTimeoutMs, MissedProbesLimit = missedProbes, VotesForDeath = votes } };

        cluster.Problems().Should().ContainSingle().Which.Should().StartWith(key);
    }
}
