using System.Net;
using System.Text;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Devices;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>
/// Every endpoint against every caller. Allowed callers send an empty body, so they reach validation
/// (400) or a lookup (200/404) and change nothing; the others get 401 or 403.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AuthorizationMatrixTests(GatewayFixture fixture)
{
    public static TheoryData<string, string, string> Endpoints() => new()
    {
        { "POST", "/api/v1/auth/signing-keys/rotate", "organizer" },
        { "POST", "/api/v1/devices", "organizer" },
        { "POST", "/api/v1/devices/{absent}/revoke", "organizer" },
        { "GET", "/api/v1/devices/{own}", "organizer" },
        { "POST", "/api/v1/wallets", "organizer" },
        { "POST", "/api/v1/wallets/{wallet}/wristbands", "organizer" },
        { "PUT", "/api/v1/wallets/{wallet}/pin", "organizer" },
        { "POST", "/api/v1/wallets/{wallet}/block", "organizer" },
        { "POST", "/api/v1/wallets/{wallet}/unblock", "organizer" },
        { "POST", "/api/v1/wallets/{wallet}/qr-token", "organizer" },
        { "POST", "/api/v1/wristbands/sun-keys", "organizer" },
        { "GET", "/api/v1/wallets/{wallet}", "organizer,topup" },
        { "GET", "/api/v1/wallets/{wallet}/transactions", "organizer" },
        { "POST", "/api/v1/topups", "topup" },
        { "POST", "/api/v1/devices/{own}/payments", "device" },
        { "POST", "/api/v1/devices/{own}/batches", "device" },
        { "GET", "/api/v1/devices/{own}/offline-snapshot", "device,organizer" },
        { "POST", "/api/v1/devices/{other}/payments", "" },
        { "POST", "/api/v1/devices/{other}/batches", "" },
        { "GET", "/api/v1/devices/{other}/offline-snapshot", "organizer" },
        { "GET", "/api/v1/review", "organizer" },
        { "POST", "/api/v1/review/{absent}:1/approve", "organizer" },
        { "POST", "/api/v1/review/{absent}:1/dismiss", "organizer" },
        { "PUT", "/api/v1/wallets/{wallet}/holder", "organizer" },
        { "GET", "/api/v1/wallets/{wallet}/holder", "organizer" },
        { "DELETE", "/api/v1/wallets/{wallet}/holder", "organizer" },
        { "GET", "/api/v1/wallets/{wallet}/export", "organizer" },
        { "POST", "/api/v1/wallets/{wallet}/cash-out", "organizer" },
        { "DELETE", "/api/v1/wallets/{wallet}/cash-out", "organizer" },
        { "POST", "/api/v1/payouts/batches", "organizer" },
        { "GET", "/api/v1/payouts/batches/{absent}", "topup" },
        { "POST", "/api/v1/payouts/{absent}:w-1/confirm", "topup" },
        { "GET", "/api/v1/reports/sales?standId=bar-1&from=2026-07-18T21:00:00Z&to=2026-07-18T22:00:00Z", "organizer" },
        { "GET", "/api/v1/reports/exposure", "organizer" },
        { "GET", "/api/v1/reports/devices", "organizer" },
        { "POST", "/api/v1/clients/{absent}/revoke", "organizer" },
        { "POST", "/api/v1/clients/{absent}/rotate-secret", "organizer" },
        { "GET", "/operations/dashboard/", "operator" },
        { "GET", "/operations/dashboard/DashboardCounters", "operator" },
        { "GET", "/operations/dashboard/ClusterStats", "operator" },
        { "GET", "/operations/dashboard/GrainTypes", "operator" },
        { "GET", "/operations/dashboard/TopGrainMethods", "operator" },
        { "GET", "/api/v1/reports/anomalies", "organizer" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_role_gets_in_only_where_allowed(string method, string template, string allowed)
    {
        var device = await fixture.EnrollDeviceAsync();
        var other = await fixture.EnrollDeviceAsync();
        var walletId = TestApi.NewId("w-absent");
        var path = template.Replace("{own}", device.DeviceId).Replace("{other}", other.DeviceId).Replace("{wallet}", walletId).Replace("{absent}", TestApi.NewId("d-absent"));
        var callers = new Dictionary<string, HttpClient>
        {
            ["organizer"] = fixture.Organizer,
            ["topup"] = fixture.TopUp,
            ["device"] = device.Client,
            ["operator"] = fixture.Operator,
        };
        var allowedRoles = allowed.Split(',', StringSplitOptions.RemoveEmptyEntries);

        (await SendAsync(fixture.Anonymous(), method, path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreach (var (role, client) in callers)
        {
            var response = await SendAsync(client, method, path);
            if (allowedRoles.Contains(role))
            {
                response.StatusCode.Should().NotBe(HttpStatusCode.Unauthorized).And.NotBe(HttpStatusCode.Forbidden, $"{role} may call {method} {template}");
                ((int)response.StatusCode).Should().BeLessThan(500);
            }
            else
            {
                await response.ProblemAsync(HttpStatusCode.Forbidden);
            }
        }

        var otherView = await fixture.Grains.GetGrain<IPosDeviceGrain>(other.DeviceId).GetView();
        otherView!.Status.Should().Be(DeviceStatus.Active);
        otherView.AckedThrough.Should().Be(0);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET" && !path.EndsWith("/revoke", StringComparison.Ordinal) && !path.EndsWith("block", StringComparison.Ordinal))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return client.SendAsync(request);
    }
}
