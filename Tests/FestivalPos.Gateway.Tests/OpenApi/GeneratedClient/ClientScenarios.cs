// Compiled at test time together with the client NSwag generates from the gateway's /openapi/v1.json
// (GeneratedClientTests); the types below (FestivalPosClient, TokenRequest, ProblemDetails...) are generated.
using FluentAssertions;

namespace FestivalPos.Generated;

/// <summary>What a terminal vendor's or top-up provider's generated client does: each call through the generated methods and types.</summary>
public static class ClientScenarios
{
    public static async Task RunAsync(Func<HttpClient> newHttpClient, string organizerId, string organizerSecret, string topUpId, string topUpSecret)
    {
        var anonymous = new FestivalPosClient(newHttpClient());
        var token = await anonymous.IssueTokenAsync(new TokenRequest { ClientId = organizerId, ClientSecret = organizerSecret });
        token.TokenType.Should().Be("Bearer");
        token.ExpiresIn.Should().BePositive();
        token.AccessToken.Should().NotBeNullOrEmpty();

        var organizer = SignedIn(newHttpClient, token.AccessToken);
        var topUp = SignedIn(newHttpClient, (await anonymous.IssueTokenAsync(new TokenRequest { ClientId = topUpId, ClientSecret = topUpSecret })).AccessToken);
        var walletId = NewId("w");
        var uid = NewId("uid");
        var created = await organizer.CreateWalletAsync(new CreateWalletRequest { WalletId = walletId });
        created.Should().BeEquivalentTo(new { WalletId = walletId, Balance = 0L, Status = "active" });
        await organizer.LinkWristbandAsync(walletId, new LinkWristbandRequest { Uid = uid });

        var topupId = NewId("t");
        var applied = await topUp.TopUpAsync(new TopUpRequest { TopupId = topupId, WalletId = walletId, Amount = 1000 });
        applied.Should().BeEquivalentTo(new { TopupId = topupId, Status = "applied", Balance = 1000L });

        var deviceId = NewId("d");
        var enrolled = await organizer.EnrollDeviceAsync(new EnrollDeviceRequest { DeviceId = deviceId, StandId = "bar-1" });
        enrolled.ClientId.Should().Be($"device-{deviceId}");
        var device = SignedIn(newHttpClient, (await anonymous.IssueTokenAsync(new TokenRequest { ClientId = enrolled.ClientId, ClientSecret = enrolled.ClientSecret })).AccessToken);
        var payment = new PaymentRequest
        {
            Seq = 1, WalletId = walletId, Amount = 450, Credential = new CredentialBody { Type = "nfc", Value = uid }, CreatedAt = "2026-07-18T21:04:05Z",
        };
        var approved = await device.ChargeAsync(deviceId, payment);
        approved.Should().BeEquivalentTo(new { TxId = $"{deviceId}:1", Status = "approved", Reason = (string?)null, Balance = 550L });
        (await topUp.GetWalletAsync(walletId)).Balance.Should().Be(550);

        await ProblemsAsync(anonymous, organizer, device, deviceId, payment);
    }

    /// <summary>Error answers arrive as the generated ProblemDetails types, with their type, status and trace id.</summary>
    private static async Task ProblemsAsync(FestivalPosClient anonymous, FestivalPosClient organizer, FestivalPosClient device, string deviceId, PaymentRequest payment)
    {
        payment.Amount = 451;
        var conflict = (await FluentActions.Awaiting(() => device.ChargeAsync(deviceId, payment)).Should().ThrowAsync<ApiException<ProblemDetails>>()).Which;
        conflict.StatusCode.Should().Be(409);
        conflict.Result.Type.Should().Be("urn:festivalpos:problem:seq-conflict");
        conflict.Result.Status.Should().Be(409);
        conflict.Result.TraceId.Should().NotBeNullOrEmpty();

        var invalid = (await FluentActions.Awaiting(() => organizer.CreateWalletAsync(new CreateWalletRequest { WalletId = "has space" }))
            .Should().ThrowAsync<ApiException<HttpValidationProblemDetails>>()).Which;
        invalid.StatusCode.Should().Be(400);
        invalid.Result.Type.Should().Be("urn:festivalpos:problem:validation");
        invalid.Result.Errors.Should().ContainKey("walletId");

        var unknown = (await FluentActions.Awaiting(() => organizer.GetWalletAsync(NewId("w-absent"))).Should().ThrowAsync<ApiException<ProblemDetails>>()).Which;
        unknown.Result.Type.Should().Be("urn:festivalpos:problem:wallet-not-found");

        var unauthorized = (await FluentActions.Awaiting(() => anonymous.GetWalletAsync("w-1")).Should().ThrowAsync<ApiException<ProblemDetails>>()).Which;
        unauthorized.StatusCode.Should().Be(401);
        unauthorized.Result.Type.Should().Be("urn:festivalpos:problem:missing-token");
    }

    private static FestivalPosClient SignedIn(Func<HttpClient> newHttpClient, string accessToken)
    {
        var http = newHttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return new FestivalPosClient(http);
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
