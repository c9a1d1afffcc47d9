using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Data.Sqlite;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>
/// The attack of a stolen database: copy the ledger file, take every value its key streams hold that could be a key,
/// and sign an organizer token with each. The gateway refuses them all; the same forging with the real key (which only
/// the master key opens) is let in, so the forging itself is right.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LedgerCopyForgeryTests(GatewayFixture fixture)
{
    [Fact]
    public async Task No_value_in_a_copy_of_the_ledger_signs_a_token_the_gateway_takes()
    {
        var real = (await fixture.Grains.GetGrain<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current).GetKeys(TimeSpan.Zero)).Current;
        var candidates = await CandidateKeysAsync(CopyOfTheLedger());

        candidates.Should().NotBeEmpty("the wrapped signing key is in the copy");
        foreach (var candidate in candidates)
        {
            (await ReadAWalletAsync(candidate, real.KeyId)).Should().Be(HttpStatusCode.Unauthorized, $"a value of the copy ({candidate.Length} bytes) is no signing key");
        }

        (await ReadAWalletAsync(Convert.FromBase64String(real.Key), real.KeyId)).Should().Be(HttpStatusCode.NotFound, "a token signed with the real key is let in");
    }

    private async Task<HttpStatusCode> ReadAWalletAsync(byte[] key, string keyId)
    {
        var token = TestTokens.Sign(key, keyId, "organizer", GatewayFactory.OrganizerId);
        using var response = await GatewayFixture.WithToken(fixture.Anonymous(), token).GetAsync($"/api/v1/wallets/{TestApi.NewId("w")}");
        return response.StatusCode;
    }

    /// <summary>The ledger file and its write-ahead log, copied as a thief would while the silo runs.</summary>
    private string CopyOfTheLedger()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"festivalpos-stolen-{Guid.NewGuid():N}.db");
        foreach (var suffix in new[] { "", "-wal" })
        {
            using var source = new FileStream(fixture.Silo.DatabasePath! + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var target = File.Create(copy + suffix);
            source.CopyTo(target);
        }

        return copy;
    }

    /// <summary>
    /// Every string of the key streams' events, whole, split at its dots, and decoded from base64 or base64url where it decodes;
    /// 32 bytes at least, the shortest key HS256 signs with.
    /// </summary>
    private static async Task<List<byte[]>> CandidateKeysAsync(string database)
    {
        var values = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT payload FROM ledger_events WHERE stream_id LIKE 'auth/signing-key%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Strings(JsonDocument.Parse(reader.GetString(0)).RootElement, values);
            }
        }

        foreach (var file in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(file);
        }

        return [.. values.SelectMany(value => value.Split('.').Append(value)).Distinct()
            .SelectMany(Decodings).Where(key => key.Length >= 32).DistinctBy(Convert.ToBase64String)];
    }

    private static IEnumerable<byte[]> Decodings(string value)
    {
        yield return Encoding.UTF8.GetBytes(value);
        var buffer = new byte[value.Length];
        if (Convert.TryFromBase64String(value, buffer, out var written))
        {
            yield return buffer[..written];
        }

        if (Base64Url.IsValid(value))
        {
            yield return Base64Url.DecodeFromChars(value);
        }
    }

    private static void Strings(JsonElement element, List<string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Strings(property.Value, values);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Strings(item, values);
                }

                break;
        }
    }
}
