using FestivalPos.Gateway.Api.Errors;
using FestivalPos.Grains.Interfaces.Auth;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// The token signing keys: Auth:SigningKey and Auth:PreviousSigningKeys when configured, otherwise the set kept in
/// the cluster. That set is read again once it is Auth:SigningKeyRefreshSeconds old, so every gateway signs with a
/// key rotated through another within that time; a token naming a key this gateway does not know (one rotated in
/// since) has it read again at once, but at most once per <see cref="UnknownKeyRefreshInterval"/>, so made-up key
/// ids cannot make every request ask the cluster.
/// </summary>
public sealed class SigningKeyProvider(IOptions<AuthOptions> options, IGrainFactory grains, TimeProvider time, ILogger<SigningKeyProvider> logger)
{
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly SigningKeySet? _configured = Configured(options.Value);
    private Loaded? _loaded;

    /// <summary>The keys come from configuration: the cluster's are not used, and cannot be rotated here.</summary>
    public bool IsConfigured => _configured is not null;

    private ITokenSigningKeyGrain Cluster => grains.Reference<ITokenSigningKeyGrain>(ITokenSigningKeyGrain.Current);

    private TimeSpan RefreshInterval => TimeSpan.FromSeconds(options.Value.SigningKeyRefreshSeconds);

    /// <summary>The key to sign a new token with; its key id goes in the token's header.</summary>
    public async ValueTask<SymmetricSecurityKey> GetSigningKeyAsync() => (await GetAsync(keyId: null)).Current;

    /// <summary>Reads the cluster's keys first if they are too old to check a token naming <paramref name="keyId"/>.</summary>
    public async ValueTask PrepareAsync(string? keyId) => await GetAsync(keyId);

    /// <summary>The key a token naming <paramref name="keyId"/> must be signed with, while it is accepted; none otherwise.</summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId) => Find(keyId) is { } key ? [key] : [];

    public bool Accepts(string? keyId) => Find(keyId) is not null;

    /// <summary>Makes a new cluster key current; this gateway signs with it at once, the others within the refresh interval.</summary>
    public async Task<TokenSigningKeyRotation> RotateAsync()
    {
        await _loading.WaitAsync();
        try
        {
            var rotation = await Cluster.Rotate();
            await ReadAsync(forUnknownKey: false);
            return rotation;
        }
        finally
        {
            _loading.Release();
        }
    }

    private SymmetricSecurityKey? Find(string? keyId) =>
        (_configured ?? Volatile.Read(ref _loaded)?.Keys)?.Find(keyId, time.GetUtcNow(), options.Value.AcceptedAfterRetirement);

    private async ValueTask<SigningKeySet> GetAsync(string? keyId)
    {
        if (_configured is { } configured)
        {
            return configured;
        }

        var loaded = Volatile.Read(ref _loaded);
        if (loaded is null || time.GetElapsedTime(loaded.ReadAt) >= RefreshInterval)
        {
            return await LoadAsync(loaded, forUnknownKey: false);
        }

        var unknown = keyId is not null && !loaded.Keys.Knows(keyId);
        return unknown && (loaded.UnknownKeyReadAt is not { } at || time.GetElapsedTime(at) >= UnknownKeyRefreshInterval)
            ? await LoadAsync(loaded, forUnknownKey: true)
            : loaded.Keys;
    }

    /// <summary>
    /// Reads the cluster's keys, unless another caller read them since <paramref name="observed"/>. A periodic read
    /// is no reason to wait or fail: while another caller reads, or when the cluster does not answer, the keys in
    /// hand are used (each is still judged by its retirement time on this gateway's clock).
    /// </summary>
    private async Task<SigningKeySet> LoadAsync(Loaded? observed, bool forUnknownKey)
    {
        var inHand = forUnknownKey ? null : observed;
        if (inHand is null)
        {
            await _loading.WaitAsync();
        }
        else if (!await _loading.WaitAsync(TimeSpan.Zero))
        {
            return inHand.Keys;
        }

        try
        {
            return Volatile.Read(ref _loaded) is { } loaded && !ReferenceEquals(loaded, observed) ? loaded.Keys : await ReadAsync(forUnknownKey);
        }
        catch (Exception exception) when (inHand is not null && ClusterUnavailableExceptionHandler.IsClusterUnavailable(exception))
        {
            logger.LogWarning(exception, "The token signing keys could not be read again; those read {Age} ago are used meanwhile.", time.GetElapsedTime(inHand.ReadAt));
            return inHand.Keys;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Called holding <see cref="_loading"/>.</summary>
    private async Task<SigningKeySet> ReadAsync(bool forUnknownKey)
    {
        var readAt = time.GetTimestamp();
        var keys = SigningKeySet.FromCluster(await Cluster.GetKeys(options.Value.AcceptedAfterRetirement));
        Volatile.Write(ref _loaded, new Loaded(keys, readAt, forUnknownKey ? readAt : _loaded?.UnknownKeyReadAt));
        return keys;
    }

    private static SigningKeySet? Configured(AuthOptions options) =>
        options.SigningKey is { Length: > 0 } configured
            ? SigningKeySet.FromConfiguration(AuthOptions.DecodeSigningKey(configured)!, options.PreviousSigningKeys.Select(key => AuthOptions.DecodeSigningKey(key)!))
            : null;

    /// <summary>A set as read, when, and when a token naming a key not in the set last had it read.</summary>
    private sealed record Loaded(SigningKeySet Keys, long ReadAt, long? UnknownKeyReadAt);
}
