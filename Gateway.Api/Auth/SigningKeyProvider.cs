using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// The token signing key: Auth:SigningKey when configured, otherwise the one kept in the cluster
/// (created by the first gateway that asks). It never changes while the gateway runs, so it is read once.
/// </summary>
public sealed class SigningKeyProvider(IOptions<AuthOptions> options, IGrainFactory grains)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private SymmetricSecurityKey? _key = options.Value.SigningKey is { Length: > 0 } configured
        ? new SymmetricSecurityKey(AuthOptions.DecodeSigningKey(configured))
        : null;

    /// <summary>The key, once loaded; null before the first <see cref="GetAsync"/> finished.</summary>
    public SymmetricSecurityKey? Current => _key;

    public async ValueTask<SymmetricSecurityKey> GetAsync()
    {
        if (_key is { } key)
        {
            return key;
        }

        await _loading.WaitAsync();
        try
        {
            if (_key is null)
            {
                var stored = await grains.Reference<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current).GetOrCreate();
                _key = new SymmetricSecurityKey(Convert.FromBase64String(stored));
            }

            return _key;
        }
        finally
        {
            _loading.Release();
        }
    }
}
