using System.Globalization;
using System.Net;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>
/// The Orleans Dashboard on the gateway: its page and its JSON data are an operator's only, its data is the live
/// cluster's, and it shows neither grain state (balances) nor the log stream.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OrleansDashboardTests(GatewayFixture fixture)
{
    private const string Page = "/operations/dashboard/";
    private const string Counters = "/operations/dashboard/DashboardCounters";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Page)]
    [InlineData(Counters)]
    [InlineData("/operations/dashboard/index.min.js")]
    [InlineData("/operations/dashboard/GrainState?grainId=w-1&grainType=FestivalPos.Grains.Wallets.WalletGrain")]
    public async Task Anonymous_callers_get_401_and_the_other_roles_403(string path)
    {
        var device = await fixture.EnrollDeviceAsync();

        var anonymous = await fixture.Anonymous().GetAsync(path);
        await anonymous.ProblemAsync(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
        foreach (var client in new[] { fixture.Organizer, fixture.TopUp, device.Client })
        {
            var refused = await (await client.GetAsync(path)).ProblemAsync(HttpStatusCode.Forbidden);
            refused.GetProperty("type").GetString().Should().EndWith("role-not-allowed");
        }
    }

    [Fact]
    public async Task An_operator_gets_the_dashboard_page()
    {
        var response = await fixture.Operator.GetAsync(Page);

        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, html);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<title>Orleans Dashboard</title>").And.Contain("index.min.js");
    }

    [Fact]
    public async Task The_dashboard_path_without_its_slash_redirects_an_operator_to_the_page_and_nobody_else()
    {
        using var operatorClient = GatewayFixture.WithToken(fixture.Gateway.CreateClient(new() { AllowAutoRedirect = false }), await OperatorTokenAsync());

        var redirect = await operatorClient.GetAsync("/operations/dashboard");
        var anonymous = await fixture.Gateway.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/operations/dashboard");

        redirect.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        redirect.Headers.Location!.OriginalString.Should().EndWith(Page);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_operator_reads_the_live_cluster_from_the_dashboard_data()
    {
        var siloPort = fixture.Silo.Address.Endpoint.Port.ToString(CultureInfo.InvariantCulture);
        var started = DateTime.UtcNow;
        JsonElement counters;
        do
        {
            counters = await (await fixture.Operator.GetAsync(Counters)).JsonAsync(HttpStatusCode.OK);
            if (counters.GetProperty("totalActiveHostCount").GetInt32() > 0)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow - started < Deadline);

        counters.GetProperty("totalActiveHostCount").GetInt32().Should().Be(1, counters.ToString());
        counters.GetProperty("hosts").EnumerateArray().Select(host => host.GetProperty("siloAddress").GetString())
            .Should().ContainSingle(address => address!.Contains(":" + siloPort + "@"), counters.ToString());
        var grainTypes = await (await fixture.Operator.GetAsync("/operations/dashboard/GrainTypes")).JsonAsync(HttpStatusCode.OK);
        grainTypes.EnumerateArray().Select(type => type.GetString()).Should().Contain("FestivalPos.Grains.Wallets.WalletGrain");
    }

    [Fact]
    public async Task An_operator_is_refused_a_grain_s_state_so_no_balance_shows()
    {
        var (walletId, _) = await fixture.NewWalletAsync(balance: 987_654);

        var response = await fixture.Operator.GetAsync($"/operations/dashboard/GrainState?grainId={walletId}&grainType=FestivalPos.Grains.Wallets.WalletGrain");

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("type").GetString().Should().EndWith("grain-state-hidden");
        problem.ToString().Should().NotContain("987654");
    }

    [Fact]
    public async Task The_live_log_stream_is_off()
    {
        var response = await fixture.Operator.GetAsync("/operations/dashboard/Trace");

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        problem.GetProperty("title").GetString().Should().Be("Trace Endpoint Disabled");
    }

    [Fact]
    public async Task The_dashboard_is_not_in_the_OpenAPI_document_and_not_on_the_management_endpoint()
    {
        var document = await fixture.Management().GetStringAsync("/openapi/v1.json");

        document.Should().NotContain("/operations/dashboard");
        (await fixture.Management().GetAsync(Page)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_the_dashboard_disabled_the_gateway_does_not_serve_it()
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Dashboard:Enabled"] = "false" });
        using var operatorClient = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OperatorId, GatewayFactory.OperatorSecret);

        (await operatorClient.GetAsync(Page)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await operatorClient.GetAsync(Counters)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public void A_dashboard_switch_that_is_not_true_or_false_stops_the_start_naming_the_key()
    {
        using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { ["Dashboard:Enabled"] = "sometimes" });

        var start = () => gateway.CreateClient();

        start.Should().Throw<InvalidOperationException>().Which.ToString().Should().Contain("Dashboard:Enabled");
    }

    private Task<string> OperatorTokenAsync() => GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OperatorId, GatewayFactory.OperatorSecret);
}
