using System.Security.Cryptography;
using FestivalPos.Grains.Devices;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Interfaces.Snapshots;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Keys;
using FestivalPos.Tests.Infrastructure;
using static FestivalPos.Tests.Infrastructure.LedgerTestData;

namespace FestivalPos.Tests.Keys;

/// <summary>Whoever copies the ledger database finds no key in it: every key is wrapped or derived from the master key.</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class KeysAtRestTests(LedgerCluster ledger)
{
    [Fact]
    public async Task A_copy_of_the_database_holds_no_signing_key_in_clear()
    {
        var tokenKey = (await ledger.Grains.GetGrain<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current).GetKeys(TimeSpan.Zero)).Current.Key;
        var snapshotKey = await ledger.Grains.GetGrain<ISnapshotKeyGrain>(ISnapshotKeyGrain.Current).GetOrCreate();
        await ledger.Grains.GetGrain<IQrTokenGrain>(IQrTokenGrain.CurrentKey).GetPublicKey();
        var (deviceId, deviceKey) = await ledger.Grains.NewDeviceAsync();

        var database = await File.ReadAllBytesAsync(ledger.DatabasePath + "-wal") is { Length: > 0 } wal
            ? [.. await ReadSharedAsync(ledger.DatabasePath), .. wal]
            : await ReadSharedAsync(ledger.DatabasePath);
        var text = System.Text.Encoding.UTF8.GetString(database);

        text.Should().NotContain(tokenKey).And.NotContain(snapshotKey).And.NotContain(Convert.ToBase64String(deviceKey));
        database.AsSpan().IndexOf(Convert.FromBase64String(tokenKey)).Should().Be(-1);
        database.AsSpan().IndexOf(deviceKey).Should().Be(-1);
        (await ledger.Store.ReadAsync("auth/signing-keys/current", 0)).First().Payload.Should().Contain("w1.test.");
        (await ledger.Store.ReadAsync("qr/signing-key/current", 0)).Single().Payload.Should().Contain("w1.test.").And.NotContain("MIG");
        (await ledger.Store.ReadAsync($"device/{deviceId}", 0)).Single().Payload.Should().Contain("keyNonce");
    }

    [Fact]
    public async Task Keys_wrapped_under_one_master_key_do_not_open_under_another()
    {
        await ledger.Grains.GetGrain<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current).GetKeys(TimeSpan.Zero);
        var stored = (await ledger.Store.ReadAsync("auth/signing-keys/current", 0)).First().Payload;
        var wrapped = System.Text.Json.JsonDocument.Parse(stored).RootElement.GetProperty("wrappedKey").GetString()!;

        var thief = new KeyRing(RandomNumberGenerator.GetBytes(KeyRing.MasterKeyBytes), "test");

        FluentActions.Invoking(() => thief.Unwrap(wrapped, "auth/signing-key")).Should().Throw<CryptographicException>();
        ledger.Keys.Unwrap(wrapped, "auth/signing-key").Should().HaveCount(64);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        return copy.ToArray();
    }
}
