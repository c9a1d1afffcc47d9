namespace FestivalPos.PosApp.Store;

/// <summary>The terminal's identity: stored once at enrollment, secrets sealed.</summary>
public sealed class EnrollmentStore(StoreDatabase database)
{
    public Task SaveAsync(Enrollment enrollment) => database.WriteAsync((connection, transaction) =>
    {
        if (Meta.Get(connection, transaction, Meta.DeviceId) is { } existing)
        {
            throw new PosException(ExitCodes.BadInput, $"This store is already enrolled as device '{existing}'; use a new data folder.");
        }

        var secrets = database.Secrets;
        Meta.Set(connection, transaction, Meta.GatewayUrl, enrollment.GatewayUrl);
        Meta.Set(connection, transaction, Meta.DeviceId, enrollment.DeviceId);
        Meta.Set(connection, transaction, Meta.StandId, enrollment.StandId);
        Meta.Set(connection, transaction, Meta.ClientId, enrollment.ClientId);
        Meta.Set(connection, transaction, Meta.ClientSecret, secrets.Seal(enrollment.ClientSecret, Meta.ClientSecret));
        Meta.Set(connection, transaction, Meta.SigningKey, secrets.Seal(Convert.ToBase64String(enrollment.SigningKey), Meta.SigningKey));
        Meta.Set(connection, transaction, Meta.SnapshotKey, secrets.Seal(Convert.ToBase64String(enrollment.SnapshotKey), Meta.SnapshotKey));
        Meta.SetLong(connection, transaction, Meta.MaxPerWallet, enrollment.MaxPerWallet);
        if (enrollment.GatewayCertificateSha256 is { } certificate)
        {
            Meta.Set(connection, transaction, Meta.GatewayCertificate, certificate);
        }

        return true;
    });

    public Task<Enrollment> LoadAsync() => database.ReadAsync(connection =>
    {
        var deviceId = Meta.Get(connection, null, Meta.DeviceId)
            ?? throw new PosException(ExitCodes.NotEnrolled, "This terminal is not enrolled: run 'posapp enroll' first.");
        var secrets = database.Secrets;
        string Required(string key) => Meta.Get(connection, null, key) ?? throw new PosException(ExitCodes.Config, $"The store lacks '{key}'.");
        // Offline__MaxPerWallet may lower the enrolled limit, never raise it: the server refuses what exceeds it.
        var enrolled = Meta.GetLong(connection, null, Meta.MaxPerWallet);
        var maxPerWallet = Environment.GetEnvironmentVariable("Offline__MaxPerWallet") is { Length: > 0 } configured
            ? Math.Min(enrolled, long.Parse(configured, System.Globalization.CultureInfo.InvariantCulture))
            : enrolled;
        return new Enrollment(
            Required(Meta.GatewayUrl),
            deviceId,
            Required(Meta.StandId),
            Required(Meta.ClientId),
            secrets.Open(Required(Meta.ClientSecret), Meta.ClientSecret),
            Convert.FromBase64String(secrets.Open(Required(Meta.SigningKey), Meta.SigningKey)),
            Convert.FromBase64String(secrets.Open(Required(Meta.SnapshotKey), Meta.SnapshotKey)),
            Meta.Get(connection, null, Meta.GatewayCertificate),
            maxPerWallet);
    });

    /// <summary>The cached access token, if it is still valid for a minute.</summary>
    public Task<string?> CachedTokenAsync(DateTimeOffset now) => database.ReadAsync(connection =>
    {
        var expires = Meta.GetLong(connection, null, Meta.AccessTokenExpires);
        return expires > now.AddMinutes(1).ToUnixTimeSeconds() && Meta.Get(connection, null, Meta.AccessToken) is { } token
            ? database.Secrets.Open(token, Meta.AccessToken)
            : null;
    });

    public Task CacheTokenAsync(string token, DateTimeOffset expires) => database.WriteAsync((connection, transaction) =>
    {
        Meta.Set(connection, transaction, Meta.AccessToken, database.Secrets.Seal(token, Meta.AccessToken));
        Meta.SetLong(connection, transaction, Meta.AccessTokenExpires, expires.ToUnixTimeSeconds());
        return true;
    });
}
