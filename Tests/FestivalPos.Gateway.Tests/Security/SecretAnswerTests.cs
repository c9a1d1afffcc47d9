using System.Net;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Answers that carry a secret or a token must not be kept by a proxy or a browser cache.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SecretAnswerTests(GatewayFixture fixture)
{
    [Fact]
    public async Task Tokens_enrollments_rotated_secrets_qr_tokens_and_wristband_keys_are_answered_no_store()
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        var device = await fixture.EnrollDeviceAsync();

        var answers = new[]
        {
            await fixture.Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { clientId = GatewayFactory.OrganizerId, clientSecret = GatewayFactory.OrganizerSecret }),
            await fixture.Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId = TestApi.NewId("d"), standId = "bar-1" }),
            await fixture.Organizer.PostAsync($"/api/v1/clients/{device.ClientId}/rotate-secret", null),
            await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/qr-token", null),
            await fixture.Organizer.PostAsJsonAsync("/api/v1/wristbands/sun-keys", new { uids = new[] { "04DE5F1EACC040" } }),
        };

        foreach (var answer in answers)
        {
            answer.IsSuccessStatusCode.Should().BeTrue($"{answer.RequestMessage!.RequestUri} answered {(int)answer.StatusCode}");
            (answer.Headers.CacheControl?.NoStore ?? false).Should().BeTrue($"{answer.RequestMessage!.RequestUri} carries a secret");
            answer.Headers.Pragma.ToString().Should().Be("no-cache");
        }
    }
}
