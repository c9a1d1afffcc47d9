using System.Security.Cryptography;
using FestivalPos.Grains.Interfaces;
using FestivalPos.Grains.Interfaces.Devices;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.TopUps;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Keys;
using FestivalPos.Wire.Sun;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>Builders for wallets, devices and charges with fresh ids, so tests never share a grain.</summary>
public static class LedgerTestData
{
    public const string CreatedAt = "2026-07-18T21:04:05Z";

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>The wristband uid <see cref="NewWalletAsync"/> links to a wallet.</summary>
    public static string UidOf(string walletId) => $"uid-{walletId}";

    /// <summary>Creates a wallet with a linked wristband (<see cref="UidOf"/>) and, if asked, a top-up; answers (walletId, uid).</summary>
    public static async Task<(string WalletId, string Uid)> NewWalletAsync(this IGrainFactory grains, long balance = 0)
    {
        var walletId = NewId("w");
        var uid = UidOf(walletId);
        var wallet = grains.GetGrain<IWalletGrain>(walletId);
        (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
        (await wallet.LinkWristband(uid)).Should().Be(WalletCommandOutcome.Done);
        if (balance > 0)
        {
            var topUp = await grains.TopUpAsync(walletId, balance);
            topUp.Outcome.Should().Be(TopUpOutcome.Applied);
        }

        return (walletId, uid);
    }

    public static Task<TopUpResult> TopUpAsync(this IGrainFactory grains, string walletId, long amount, string? topUpId = null)
    {
        var id = topUpId ?? NewId("t");
        return grains.GetGrain<ITopUpGrain>(id).Apply(new TopUpRequest(id, walletId, amount));
    }

    /// <summary>Enrolls a device; answers (deviceId, signing key bytes).</summary>
    public static async Task<(string DeviceId, byte[] Key)> NewDeviceAsync(this IGrainFactory grains, long? offlineMaxPerWallet = null)
    {
        var deviceId = NewId("d");
        var enrolled = await grains.GetGrain<IPosDeviceGrain>(deviceId).Enroll("bar-1", offlineMaxPerWallet);
        enrolled.Outcome.Should().Be(EnrollOutcome.Enrolled);
        return (deviceId, Convert.FromBase64String(enrolled.SigningKey!));
    }

    /// <summary>What the review queue holds of one device, oldest first.</summary>
    public static async Task<ReviewItem[]> HeldForReviewAsync(this IGrainFactory grains, string deviceId)
    {
        var queue = grains.GetGrain<IReviewQueueGrain>(IReviewQueueGrain.All);
        var items = new List<ReviewItem>();
        for (long? after = 0; after is { } position;)
        {
            var page = await queue.List(position, IReviewQueueGrain.MaxPageSize);
            items.AddRange(page.Items.Where(i => i.Held.DeviceId == deviceId));
            after = page.Next;
        }

        return [.. items];
    }

    /// <summary>Creates a wallet with a linked SUN wristband (a random 7-byte uid) and, if asked, a top-up; answers (walletId, uid).</summary>
    public static async Task<(string WalletId, string Uid)> NewSunWalletAsync(this IGrainFactory grains, long balance = 0)
    {
        var walletId = NewId("w");
        var uid = Convert.ToHexString(RandomNumberGenerator.GetBytes(SunMessage.UidBytes));
        var wallet = grains.GetGrain<IWalletGrain>(walletId);
        (await wallet.Create()).Should().Be(WalletCommandOutcome.Done);
        (await wallet.LinkWristband(uid)).Should().Be(WalletCommandOutcome.Done);
        if (balance > 0)
        {
            (await grains.TopUpAsync(walletId, balance)).Outcome.Should().Be(TopUpOutcome.Applied);
        }

        return (walletId, uid);
    }

    /// <summary>What the wristband <paramref name="uid"/>, programmed with its key from <paramref name="keys"/>, mirrors at read <paramref name="counter"/>.</summary>
    public static Credential SunTap(KeyRing keys, string uid, int counter) =>
        new(CredentialType.NfcSun, SunMessage.Create(keys.WristbandKey(uid), uid, counter).Value);

    public static OnlineCharge Paid(string deviceId, long seq, string walletId, long amount, Credential credential) =>
        new(deviceId, seq, walletId, amount, credential, CreatedAt);

    public static OnlineCharge Nfc(string deviceId, long seq, string walletId, long amount, string uid) =>
        new(deviceId, seq, walletId, amount, new Credential(CredentialType.Nfc, uid), CreatedAt);

    /// <summary>
    /// An offline transaction signed as API.md 1.1 says (the credential included), paid with the wallet's wristband
    /// unless another uid is given, sold now unless another time is given (offline sales must lie near the present).
    /// </summary>
    public static OfflineTransaction Signed(byte[] key, string deviceId, long seq, string walletId, long amount, string? uid = null, string? createdAt = null) =>
        Signed(key, deviceId, seq, walletId, amount, new Credential(CredentialType.Nfc, uid ?? UidOf(walletId)), createdAt);

    public static OfflineTransaction Signed(byte[] key, string deviceId, long seq, string walletId, long amount, Credential credential, string? createdAt = null)
    {
        var soldAt = createdAt ?? Wire.WireTime.Format(DateTimeOffset.UtcNow);
        return new(seq, walletId, amount, soldAt, credential,
            Wire.OfflineSignature.Sign(key, deviceId, seq, walletId, amount, soldAt, credential.WireType, credential.Value));
    }
}
