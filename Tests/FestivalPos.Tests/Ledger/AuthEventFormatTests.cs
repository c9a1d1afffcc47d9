using System.Text.Json;
using FestivalPos.Grains.Auth;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Tests.Ledger;

/// <summary>Stored events are a format like the wire: the API client and organizer events keep their JSON.</summary>
public sealed class AuthEventFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 18, 21, 4, 5, TimeSpan.Zero);
    private static readonly ClientSecretVerifier Verifier = new("c2FsdA==", "aGFzaA==", 100000);

    public static TheoryData<string, string> ApiClientEvents => new()
    {
        { "created", """{"type":"apiClientCreated","role":"organizer","secret":{"salt":"c2FsdA==","hash":"aGFzaA==","iterations":100000},"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "createdOperator", """{"type":"apiClientCreated","role":"operator","secret":{"salt":"c2FsdA==","hash":"aGFzaA==","iterations":100000},"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "replaced", """{"type":"apiClientSecretReplaced","secret":{"salt":"c2FsdA==","hash":"aGFzaA==","iterations":100000},"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "configured", """{"type":"apiClientSecretConfigured","secret":{"salt":"c2FsdA==","hash":"aGFzaA==","iterations":100000},"recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "revoked", """{"type":"apiClientRevoked","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
    };

    public static TheoryData<string, string> OrganizerEvents => new()
    {
        { "registered", """{"type":"organizerRegistered","clientId":"organizer","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "revoked", """{"type":"organizerRevoked","clientId":"organizer","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
    };

    public static TheoryData<string, string> TokenSigningKeyEvents => new()
    {
        { "created", """{"type":"tokenSigningKeyCreated","keyId":"3f9a0c6e1b7d2458","wrappedKey":"w1.test.c2VhbGVk","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { "rotated", """{"type":"tokenSigningKeyRotated","previousKeyId":"3f9a0c6e1b7d2458","keyId":"a41e9d07c3b65f28","wrappedKey":"w1.test.b3RoZXI","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
    };

    [Theory]
    [MemberData(nameof(ApiClientEvents))]
    public void Api_client_events_keep_their_stored_json(string kind, string json)
    {
        ApiClientEvent @event = kind switch
        {
            "created" => new ApiClientCreated(ApiClientRole.Organizer, null, Verifier, At),
            "createdOperator" => new ApiClientCreated(ApiClientRole.Operator, null, Verifier, At),
            "replaced" => new ApiClientSecretReplaced(Verifier, At),
            "configured" => new ApiClientSecretConfigured(Verifier, At),
            _ => new ApiClientRevoked(At),
        };

        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<ApiClientEvent>(json, LedgerJson.Options).Should().Be(@event);
    }

    [Theory]
    [MemberData(nameof(OrganizerEvents))]
    public void Organizer_events_keep_their_stored_json(string kind, string json)
    {
        OrganizerEvent @event = kind == "registered" ? new OrganizerRegistered("organizer", At) : new OrganizerRevoked("organizer", At);

        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<OrganizerEvent>(json, LedgerJson.Options).Should().Be(@event);
    }

    [Theory]
    [MemberData(nameof(TokenSigningKeyEvents))]
    public void Token_signing_key_events_keep_their_stored_json(string kind, string json)
    {
        TokenSigningKeyEvent @event = kind == "created"
            ? new TokenSigningKeyCreated("3f9a0c6e1b7d2458", "w1.test.c2VhbGVk", At)
            : new TokenSigningKeyRotated("a41e9d07c3b65f28", "w1.test.b3RoZXI", "3f9a0c6e1b7d2458", At);

        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<TokenSigningKeyEvent>(json, LedgerJson.Options).Should().Be(@event);
    }

    [Fact]
    public void A_rotation_that_does_not_retire_the_current_key_is_a_corrupt_history()
    {
        var state = new TokenSigningKeyState();
        state.Apply(new TokenSigningKeyCreated("k1", "w1.test.a", At), 1, "h1");

        FluentActions.Invoking(() => state.Apply(new TokenSigningKeyRotated("k3", "w1.test.c", "k2", At), 2, "h2")).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => state.Apply(new TokenSigningKeyCreated("k2", "w1.test.b", At), 2, "h2")).Should().Throw<InvalidOperationException>();
        state.Apply(new TokenSigningKeyRotated("k2", "w1.test.b", "k1", At.AddHours(1)), 2, "h2");
        state.Keys.Should().Equal(new StoredSigningKey("k1", "w1.test.a", At, At.AddHours(1)), new StoredSigningKey("k2", "w1.test.b", At.AddHours(1), null));
    }

    [Fact]
    public void A_secret_version_counts_every_replacement_and_only_configuration_moves_the_configured_secret()
    {
        var other = new ClientSecretVerifier("b3RoZXI=", "b3RoZXI=", 100000);
        var state = new ApiClientState();

        state.Apply(new ApiClientCreated(ApiClientRole.TopUp, null, Verifier, At), 1, "h1");
        state.Apply(new ApiClientSecretReplaced(other, At), 2, "h2");

        state.SecretVersion.Should().Be(1);
        state.Secret.Should().Be(other);
        state.ConfiguredSecret.Should().Be(Verifier, "a rotation through the API is not configuration");
        state.Apply(new ApiClientSecretConfigured(Verifier, At), 3, "h3");
        state.SecretVersion.Should().Be(2);
        state.ConfiguredSecret.Should().Be(Verifier);
    }
}
