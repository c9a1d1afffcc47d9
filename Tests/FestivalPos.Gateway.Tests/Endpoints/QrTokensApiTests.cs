using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

[Collection(GatewayCollection.Name)]
public sealed class QrTokensApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task A_qr_token_pays_online_and_verifies_with_the_public_key_of_the_offline_snapshot()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);

        var issued = await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{walletId}/qr-token", null)).JsonAsync(HttpStatusCode.OK);
        var token = issued.GetProperty("token").GetString()!;
        issued.GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddSeconds(60), TimeSpan.FromSeconds(10));

        var payment = new { seq = 1, walletId, amount = 250, credential = new { type = "qr", value = token }, createdAt = TestApi.CreatedAt };
        var paid = await (await device.Client.PostAsJsonAsync(device.Payments, payment)).JsonAsync(HttpStatusCode.OK);
        paid.GetProperty("status").GetString().Should().Be("approved");
        paid.GetProperty("balance").GetInt64().Should().Be(750);

        var snapshot = await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/offline-snapshot")).JsonAsync(HttpStatusCode.OK);
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(Convert.FromBase64String(snapshot.GetProperty("qrPublicKey").GetString()!), out _);
        var parts = token.Split('.');
        publicKey.VerifyData(Base64Url.DecodeFromChars(parts[0]), Base64Url.DecodeFromChars(parts[1]), HashAlgorithmName.SHA256).Should().BeTrue();
    }

    [Fact]
    public async Task A_token_of_another_wallet_is_declined_and_an_unknown_wallet_gets_none()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync(balance: 1000);
        var (otherWalletId, _) = await fixture.NewWalletAsync(balance: 1000);
        var token = (await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{otherWalletId}/qr-token", null)).JsonAsync(HttpStatusCode.OK)).GetProperty("token").GetString();

        var payment = new { seq = 1, walletId, amount = 250, credential = new { type = "qr", value = token }, createdAt = TestApi.CreatedAt };
        var declined = await (await device.Client.PostAsJsonAsync(device.Payments, payment)).JsonAsync(HttpStatusCode.OK);

        declined.GetProperty("reason").GetString().Should().Be("badCredential");
        (await fixture.WalletAsync(walletId)).GetProperty("balance").GetInt64().Should().Be(1000);
        await (await fixture.Organizer.PostAsync($"/api/v1/wallets/{TestApi.NewId("w")}/qr-token", null)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
