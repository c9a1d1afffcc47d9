using System.Security.Claims;
using FestivalPos.Gateway.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Tests.Security;

public sealed class CachingTokenHandlerTests
{
    private static readonly TokenValidationParameters Parameters = new() { ClockSkew = TimeSpan.Zero };

    [Fact]
    public async Task A_valid_token_is_checked_once_and_then_answered_from_memory_until_it_expires()
    {
        var inner = new CountingHandler(valid: true, lifetime: TimeSpan.FromMinutes(10));
        var handler = new CachingTokenHandler(inner, _ => true);

        var first = await handler.ValidateTokenAsync("token-a", Parameters);
        var second = await handler.ValidateTokenAsync("token-a", Parameters);

        first.IsValid.Should().BeTrue();
        second.Should().BeSameAs(first);
        inner.Calls.Should().Be(1);
        (await handler.ValidateTokenAsync("token-b", Parameters)).IsValid.Should().BeTrue();
        inner.Calls.Should().Be(2);
    }

    [Fact]
    public async Task An_expired_token_is_checked_again()
    {
        var inner = new CountingHandler(valid: true, lifetime: TimeSpan.FromSeconds(-1));
        var handler = new CachingTokenHandler(inner, _ => true);

        await handler.ValidateTokenAsync("token-a", Parameters);
        await handler.ValidateTokenAsync("token-a", Parameters);

        inner.Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_failed_validation_is_never_remembered()
    {
        var inner = new CountingHandler(valid: false, lifetime: TimeSpan.FromMinutes(10));
        var handler = new CachingTokenHandler(inner, _ => true);

        (await handler.ValidateTokenAsync("token-a", Parameters)).IsValid.Should().BeFalse();
        (await handler.ValidateTokenAsync("token-a", Parameters)).IsValid.Should().BeFalse();

        inner.Calls.Should().Be(2);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_once_the_key_that_signed_it_is_no_longer_accepted()
    {
        var key = new SymmetricSecurityKey(new byte[32]) { KeyId = "k1" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", "organizer")]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        var parameters = new TokenValidationParameters { IssuerSigningKey = key, ValidateIssuer = false, ValidateAudience = false };
        var inner = new CountingJwtHandler();
        var accepted = true;
        var handler = new CachingTokenHandler(inner, keyId => accepted && keyId == "k1");

        (await handler.ValidateTokenAsync(token, parameters)).IsValid.Should().BeTrue();
        (await handler.ValidateTokenAsync(token, parameters)).IsValid.Should().BeTrue();
        inner.Calls.Should().Be(1, "the key that signed it is still accepted");
        accepted = false;
        await handler.ValidateTokenAsync(token, parameters);

        inner.Calls.Should().Be(2);
    }

    private sealed class CountingJwtHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _inner = new();

        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return _inner.ValidateTokenAsync(token, validationParameters);
        }
    }

    private sealed class CountingHandler(bool valid, TimeSpan lifetime) : TokenHandler
    {
        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            var expires = DateTime.UtcNow + lifetime;
            var jwt = new JsonWebToken(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Subject = new ClaimsIdentity([new Claim("sub", token)]),
                NotBefore = expires.AddHours(-1),
                Expires = expires,
            }));
            return Task.FromResult(valid
                ? new TokenValidationResult { IsValid = true, SecurityToken = jwt, ClaimsIdentity = new ClaimsIdentity([new Claim("sub", token)]) }
                : new TokenValidationResult { IsValid = false, Exception = new SecurityTokenInvalidSignatureException("bad") });
        }
    }
}
