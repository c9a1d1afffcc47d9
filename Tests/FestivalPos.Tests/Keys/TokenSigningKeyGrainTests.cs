using System.Security.Cryptography;
using FestivalPos.Grains.Auth;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Keys;
using FestivalPos.Tests.Infrastructure;

namespace FestivalPos.Tests.Keys;

/// <summary>The cluster's token signing keys: one current, retired ones kept while their tokens may live, a bounded set.</summary>
[Collection(LedgerClusterCollection.Name)]
public sealed class TokenSigningKeyGrainTests(LedgerCluster ledger)
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(930);

    [Fact]
    public async Task The_first_read_creates_one_key_and_every_later_read_gets_the_same()
    {
        var grain = NewGrain();

        var first = await grain.GetKeys(TokenLifetime);
        var again = await grain.GetKeys(TokenLifetime);

        first.Current.KeyId.Should().MatchRegex("^[0-9a-f]{16}$");
        Convert.FromBase64String(first.Current.Key).Should().HaveCount(TokenSigningKeyGrain.KeyBytes);
        first.Current.RetiredAt.Should().BeNull();
        first.Retired.Should().BeEmpty();
        again.Current.Should().Be(first.Current);
    }

    [Fact]
    public async Task A_rotation_makes_a_new_key_current_and_keeps_the_one_before_while_its_tokens_may_live()
    {
        var grain = NewGrain();
        var before = (await grain.GetKeys(TokenLifetime)).Current;

        var rotation = await grain.Rotate();

        rotation.PreviousKeyId.Should().Be(before.KeyId);
        var keys = await grain.GetKeys(TokenLifetime);
        keys.Current.KeyId.Should().Be(rotation.KeyId).And.NotBe(before.KeyId);
        keys.Current.Key.Should().NotBe(before.Key);
        keys.Retired.Should().ContainSingle().Which.Should().Be(before with { RetiredAt = keys.Current.CreatedAt });
        (await grain.GetKeys(TimeSpan.Zero)).Retired.Should().BeEmpty("a retired key is handed out only while tokens it signed may live");
    }

    [Fact]
    public async Task At_most_the_newest_keys_are_kept()
    {
        var grain = NewGrain();
        var rotations = new List<TokenSigningKeyRotation>();
        for (var i = 0; i < ITokenSigningKeyGrain.MaxKeys + 2; i++)
        {
            rotations.Add(await grain.Rotate());
        }

        var keys = await grain.GetKeys(TokenLifetime);

        keys.Current.KeyId.Should().Be(rotations[^1].KeyId);
        keys.Retired.Select(key => key.KeyId).Should().Equal(rotations[^(ITokenSigningKeyGrain.MaxKeys)..^1].Select(rotation => rotation.KeyId).Reverse());
    }

    [Fact]
    public async Task A_ledger_holding_the_single_key_of_the_version_before_key_ids_adopts_it_as_the_first_key()
    {
        var name = $"legacy-{Guid.NewGuid():N}";
        var legacyKey = RandomNumberGenerator.GetBytes(TokenSigningKeyGrain.KeyBytes);
        var legacy = FirstValueStream.Open<string>(ledger.Store, ledger.Keys.Chain, $"auth/signing-key/{name}");
        await legacy.GetOrCreateKeyAsync(ledger.Keys, TokenSigningKeyGrain.WrapPurpose, () => legacyKey, DateTimeOffset.UtcNow);
        var grain = ledger.Grains.GetGrain<ITokenSigningKeyGrain>(name);

        var adopted = (await grain.GetKeys(TokenLifetime)).Current;
        var rotation = await grain.Rotate();

        Convert.FromBase64String(adopted.Key).Should().Equal(legacyKey);
        adopted.KeyId.Should().MatchRegex("^[0-9a-f]{16}$");
        rotation.PreviousKeyId.Should().Be(adopted.KeyId);
        Convert.FromBase64String((await grain.GetKeys(TokenLifetime)).Retired.Single().Key).Should().Equal(legacyKey);
    }

    private ITokenSigningKeyGrain NewGrain() => ledger.Grains.GetGrain<ITokenSigningKeyGrain>($"keys-{Guid.NewGuid():N}");
}
