using System.Globalization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

public static class AuthenticationSetup
{
    /// <summary>
    /// The schemes an operator may authenticate with. Bearer tokens today; a browser sign-in adds its scheme to this
    /// list, and the operator's pages accept it with nothing else changed.
    /// </summary>
    public static readonly string[] OperatorSchemes = [Console.ConsoleAuthentication.OperationsScheme, JwtBearerDefaults.AuthenticationScheme];

    /// <summary>Bearer tokens signed with the shared key their header names, checked against the client's record in the cluster on every request.</summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<SecretChecker>();
        builder.Services.AddSingleton<TokenFailureBackoff>();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<ClientRecordCache>();
        builder.Services.AddHostedService<BootstrapClients>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>>(Configure);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Organizer, policy => policy.RequireRole(Roles.Organizer))
            .AddPolicy(Policies.Device, policy => policy.RequireRole(Roles.Device).AddRequirements(new OwnDeviceRequirement()))
            .AddPolicy(Policies.TopUp, policy => policy.RequireRole(Roles.TopUp))
            .AddPolicy(Policies.OrganizerOrTopUp, policy => policy.RequireRole(Roles.Organizer, Roles.TopUp))
            .AddPolicy(Policies.DeviceOrOrganizer, policy => policy.RequireRole(Roles.Device, Roles.Organizer).AddRequirements(new OwnDeviceRequirement()))
            .AddPolicy(Policies.Operator, policy => policy.AddAuthenticationSchemes(OperatorSchemes).RequireRole(Roles.Operator));
        return builder;
    }

    private static void Configure(JwtBearerOptions jwt, SigningKeyProvider keys, IOptions<AuthOptions> auth)
    {
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(new CachingTokenHandler(new JsonWebTokenHandler { MapInboundClaims = false }, keys.Accepts));
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = auth.Value.Issuer,
            ValidAudience = auth.Value.Audience,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeyResolver = (_, _, keyId, _) => keys.Resolve(keyId),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = AuthOptions.ClockSkew,
            NameClaimType = Roles.ClientIdClaim,
            RoleClaimType = Roles.RoleClaim,
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = async context =>
            {
                // Only requests that carry a token need the keys: health checks keep working without the cluster.
                if (context.Request.Headers.Authorization.Count > 0)
                {
                    await keys.PrepareAsync(BearerKeyId.Of(context.Request.Headers.Authorization.ToString()));
                }
            },
            OnTokenValidated = CheckClientStillAllowedAsync,
            OnChallenge = AuthProblems.WriteChallengeAsync,
            OnForbidden = AuthProblems.WriteForbiddenAsync,
        };
    }

    /// <summary>
    /// Every request's token is checked against its client's record, read from the cluster at most a second ago:
    /// the client must not be revoked, and the token must be issued under its current secret (a token without the
    /// claim is from before versions were kept, when no client had been rotated by the API: version 0). A token of
    /// a newer secret than the remembered record was issued after a rotation this gateway has not seen yet: the
    /// record is read again rather than refusing it for up to a second.
    /// </summary>
    private static async Task CheckClientStillAllowedAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var clientId = principal.FindFirst(Roles.ClientIdClaim)?.Value;
        var clients = context.HttpContext.RequestServices.GetRequiredService<ClientRecordCache>();
        var client = ClientIds.IsValid(clientId) ? await clients.GetAsync(clientId!) : null;
        var tokenVersion = int.TryParse(principal.FindFirst(Roles.SecretVersionClaim)?.Value ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;
        if (client is not null && tokenVersion > client.SecretVersion)
        {
            clients.Evict(client.ClientId);
            client = await clients.GetAsync(client.ClientId);
        }

        var allowed = client is { Revoked: false }
            && principal.FindFirst(Roles.RoleClaim)?.Value == Roles.NameOf(client.Role)
            && principal.FindFirst(Roles.DeviceIdClaim)?.Value == client.DeviceId
            && tokenVersion == client.SecretVersion;
        if (!allowed)
        {
            context.Fail("The client of this token is unknown or revoked.");
        }
    }
}
