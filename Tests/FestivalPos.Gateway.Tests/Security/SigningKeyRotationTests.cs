using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FestivalPos.Gateway.Tests.Security;

/// <summary>Tokens name their signing key; rotating it keeps earlier tokens valid until they expire, and no longer.</summary>
[Collection(GatewayCollection.Name)]
public sealed class SigningKeyRotationTests(GatewayFixture fixture)
{
    private const string RotatePath = "/api/v1/auth/signing-keys/rotate";

    [Fact]
    public async Task A_token_names_the_cluster_key_it_is_signed_with()
    {
        var token = await GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);

        var keys = await ClusterKeys(fixture.Grains).GetKeys(TimeSpan.Zero);
        TestTokens.KeyIdOf(token).Should().Be(keys.Current.KeyId).And.MatchRegex("^[0-9a-f]{16}$");
    }

    [Fact]
    public async Task A_token_issued_before_a_rotation_is_accepted_after_it_on_this_gateway_and_on_another()
    {
        await using var second = new GatewayFactory(fixture.Silo);
        await GatewayFixture.TokenAsync(second, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        var before = await GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);

        var response = await fixture.Organizer.PostAsync(RotatePath, null);

        var body = await response.JsonAsync(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        body.GetProperty("previousKid").GetString().Should().Be(TestTokens.KeyIdOf(before));
        var kid = body.GetProperty("kid").GetString();
        kid.Should().MatchRegex("^[0-9a-f]{16}$").And.NotBe(TestTokens.KeyIdOf(before));
        var after = await GatewayFixture.TokenAsync(fixture.Gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        TestTokens.KeyIdOf(after).Should().Be(kid);
        foreach (var gateway in new[] { fixture.Gateway, second })
        {
            foreach (var token in new[] { before, after })
            {
                var created = await GatewayFixture.WithToken(gateway.CreateClient(), token).PostAsJsonAsync("/api/v1/wallets", new { walletId = TestApi.NewId("w") });
                created.StatusCode.Should().Be(HttpStatusCode.Created, "a token of the key {0} is accepted", TestTokens.KeyIdOf(token));
            }
        }
    }

    [Fact]
    public async Task A_retired_key_is_refused_once_the_tokens_it_signed_have_expired_even_a_token_already_checked()
    {
        await using var silo = await TestSilo.StartAsync();
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var gateway = new GatewayFactory(silo) { Time = time };
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var retired = (await ClusterKeys(silo.Grains).GetKeys(TimeSpan.Zero)).Current;
        (await organizer.PostAsync(RotatePath, null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var retiredAt = (await ClusterKeys(silo.Grains).GetKeys(TimeSpan.FromHours(1))).Retired.Single().RetiredAt!.Value;

        // Whoever holds a key's bytes can make tokens of any lifetime: only the key's retirement bounds them.
        var forged = GatewayFixture.WithToken(gateway.CreateClient(), TestTokens.Sign(
            Convert.FromBase64String(retired.Key), retired.KeyId, "organizer", GatewayFactory.OrganizerId, DateTime.UtcNow, DateTime.UtcNow.AddDays(1)));
        var wallet = $"/api/v1/wallets/{TestApi.NewId("w-absent")}";
        (await forged.GetAsync(wallet)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        time.Advance(retiredAt + TimeSpan.FromSeconds(900) + AuthOptions.ClockSkew - TimeSpan.FromSeconds(1) - time.GetUtcNow());
        (await forged.GetAsync(wallet)).StatusCode.Should().Be(HttpStatusCode.NotFound, "a token the retired key signed last may still be alive");
        time.Advance(TimeSpan.FromSeconds(1));

        var refused = await forged.GetAsync(wallet);

        (await refused.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("invalid-token");
        refused.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    public static TheoryData<string> Forgeries => new() { "no kid", "random kid", "random key and kid", "current key, retired kid", "retired key, current kid" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_token_naming_no_key_an_unknown_key_or_another_key_than_its_signer_is_401(string forgery)
    {
        var keys = await KeysWithARetiredOneAsync();
        var (current, retired) = (Convert.FromBase64String(keys.Current.Key), Convert.FromBase64String(keys.Retired[0].Key));
        var randomKeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var version = (await fixture.Grains.GetGrain<IApiClientGrain>(GatewayFactory.OrganizerId).Get())!.SecretVersion;
        var (key, keyId) = forgery switch
        {
            "no kid" => (current, null),
            "random kid" => (current, randomKeyId),
            "random key and kid" => (RandomNumberGenerator.GetBytes(64), randomKeyId),
            "current key, retired kid" => (current, keys.Retired[0].KeyId),
            _ => (retired, keys.Current.KeyId),
        };
        var wallet = $"/api/v1/wallets/{TestApi.NewId("w-absent")}";
        var genuine = TestTokens.Sign(current, keys.Current.KeyId, "organizer", GatewayFactory.OrganizerId, version);
        (await GatewayFixture.WithToken(fixture.Anonymous(), genuine).GetAsync(wallet)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var response = await GatewayFixture.WithToken(fixture.Anonymous(), TestTokens.Sign(key, keyId, "organizer", GatewayFactory.OrganizerId, version)).GetAsync(wallet);

        (await response.ProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("type").GetString().Should().EndWith("invalid-token");
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task Only_an_organizer_may_rotate_the_key()
    {
        var device = await fixture.EnrollDeviceAsync();
        var before = (await ClusterKeys(fixture.Grains).GetKeys(TimeSpan.Zero)).Current.KeyId;

        foreach (var client in new[] { device.Client, fixture.TopUp })
        {
            var refused = await client.PostAsync(RotatePath, null);
            (await refused.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("type").GetString().Should().EndWith("role-not-allowed");
        }

        await (await fixture.Anonymous().PostAsync(RotatePath, null)).ProblemAsync(HttpStatusCode.Unauthorized);
        (await ClusterKeys(fixture.Grains).GetKeys(TimeSpan.Zero)).Current.KeyId.Should().Be(before);
    }

    [Fact]
    public async Task Configured_keys_sign_with_the_current_one_accept_the_previous_one_and_are_not_rotated_through_the_api()
    {
        var (current, previous) = (RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(48));
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Convert.ToBase64String(current),
            ["Auth:PreviousSigningKeys:0"] = Convert.ToBase64String(previous),
        });
        var token = await GatewayFixture.TokenAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var version = (await fixture.Grains.GetGrain<IApiClientGrain>(GatewayFactory.OrganizerId).Get())!.SecretVersion;
        var wallet = $"/api/v1/wallets/{TestApi.NewId("w-absent")}";

        TestTokens.KeyIdOf(token).Should().Be(Convert.ToHexStringLower(SHA256.HashData(current))[..16]);
        var fromPrevious = TestTokens.Sign(previous, SigningKeySet.ConfiguredKeyId(previous), "organizer", GatewayFactory.OrganizerId, version);
        (await GatewayFixture.WithToken(gateway.CreateClient(), fromPrevious).GetAsync(wallet)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var misnamed = TestTokens.Sign(previous, SigningKeySet.ConfiguredKeyId(current), "organizer", GatewayFactory.OrganizerId, version);
        await (await GatewayFixture.WithToken(gateway.CreateClient(), misnamed).GetAsync(wallet)).ProblemAsync(HttpStatusCode.Unauthorized);

        var rotation = await GatewayFixture.WithToken(gateway.CreateClient(), token).PostAsync(RotatePath, null);

        (await rotation.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("type").GetString().Should().EndWith("signing-keys-configured");
        rotation.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    [Fact]
    public async Task A_gateway_reads_the_keys_for_an_unknown_key_at_most_once_a_second_and_signs_with_a_new_key_within_the_refresh_interval()
    {
        await using var silo = await TestSilo.StartAsync();
        var time = new ManualTime(DateTimeOffset.UtcNow);
        var options = new AuthOptions();
        var keys = new SigningKeyProvider(Options.Create(options), silo.Grains, time, NullLogger<SigningKeyProvider>.Instance);
        var grain = ClusterKeys(silo.Grains);
        var first = await keys.GetSigningKeyAsync();

        var second = await grain.Rotate();
        await keys.PrepareAsync(second.KeyId);
        keys.Accepts(second.KeyId).Should().BeTrue("a key a token names is looked up at once");
        var third = await grain.Rotate();
        await keys.PrepareAsync(third.KeyId);
        keys.Accepts(third.KeyId).Should().BeFalse("the keys were read for an unknown key less than a second ago");
        time.Advance(SigningKeyProvider.UnknownKeyRefreshInterval);
        await keys.PrepareAsync(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        keys.Accepts(third.KeyId).Should().BeTrue("a second later, any unknown key has them read again");

        (await keys.GetSigningKeyAsync()).KeyId.Should().Be(third.KeyId);
        var fourth = await grain.Rotate();
        (await keys.GetSigningKeyAsync()).KeyId.Should().Be(third.KeyId);
        time.Advance(TimeSpan.FromSeconds(options.SigningKeyRefreshSeconds));
        (await keys.GetSigningKeyAsync()).KeyId.Should().Be(fourth.KeyId);
        keys.Accepts(first.KeyId).Should().BeTrue("retired keys are accepted while their tokens may live");
    }

    /// <summary>The shared cluster's keys, rotated once if none is retired yet: every rotation counts towards the keys kept.</summary>
    private async Task<TokenSigningKeySet> KeysWithARetiredOneAsync()
    {
        var keys = await ClusterKeys(fixture.Grains).GetKeys(TimeSpan.FromHours(1));
        if (keys.Retired.Length > 0)
        {
            return keys;
        }

        (await fixture.Organizer.PostAsync(RotatePath, null)).StatusCode.Should().Be(HttpStatusCode.OK);
        return await ClusterKeys(fixture.Grains).GetKeys(TimeSpan.FromHours(1));
    }

    private static ITokenSigningKeyGrain ClusterKeys(IGrainFactory grains) => grains.GetGrain<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current);
}
