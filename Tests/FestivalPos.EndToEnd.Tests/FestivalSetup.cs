using System.Net;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>What an organizer and the top-up provider do before the first sale, through the HTTP API.</summary>
public static class FestivalSetup
{
    /// <summary>Wallets <c>{prefix}-{first}</c>.., each with a wristband and one top-up of <paramref name="balance"/>.</summary>
    public static async Task<List<TestWallet>> CreateWalletsAsync(ApiClient organizer, ApiClient topup, string prefix, int first, int count, long balance)
    {
        var wallets = new List<TestWallet>();
        for (var i = first; i < first + count; i++)
        {
            var wallet = new TestWallet($"{prefix}-{i}", $"uid-{prefix}-{i}");
            await organizer.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/v1/wallets", new CreateWalletRequest(wallet.WalletId));
            await organizer.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, $"api/v1/wallets/{wallet.WalletId}/wristbands", new LinkWristbandRequest(wallet.Uid));
            await topup.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "api/v1/topups", new TopUpRequest($"t-{wallet.WalletId}", wallet.WalletId, balance));
            wallets.Add(wallet);
        }

        return wallets;
    }

    /// <summary>Terminals <c>{prefix}-0</c>.., enrolled at one stand and signed in with their own secrets.</summary>
    public static async Task<List<Terminal>> EnrollAsync(ApiClient organizer, HttpClient http, string prefix, int count, long offlineMaxPerWallet)
    {
        var terminals = new List<Terminal>();
        for (var i = 0; i < count; i++)
        {
            var enrolled = (await organizer.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/v1/devices",
                new EnrollDeviceRequest($"{prefix}-{i}", "bar-1", offlineMaxPerWallet)))!;
            var device = await ApiClient.SignInAsync(http, enrolled["clientId"]!.GetValue<string>(), enrolled["clientSecret"]!.GetValue<string>());
            terminals.Add(new Terminal($"{prefix}-{i}", device, Convert.FromBase64String(enrolled["signingKey"]!.GetValue<string>())));
        }

        return terminals;
    }
}
