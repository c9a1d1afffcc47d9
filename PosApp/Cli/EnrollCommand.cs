using System.Text.Json;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;

namespace FestivalPos.PosApp.Cli;

/// <summary>
/// <c>posapp enroll</c>: stores what <c>POST /api/v1/devices</c> returned (<c>--enrollment FILE</c>, owner-only, or <c>-</c> for
/// stdin), secrets sealed, then takes a first snapshot.
/// </summary>
public static class EnrollCommand
{
    /// <summary>The answer of <c>POST /api/v1/devices</c> as saved to a file, optionally with a catalog.</summary>
    private sealed record EnrollmentFile(
        string? GatewayUrl, string DeviceId, string StandId, string ClientId, string ClientSecret, string SigningKey, string SnapshotKey,
        long OfflineMaxPerWallet = Enrollment.DefaultOfflineMaxPerWallet, CatalogItem[]? Catalog = null);

    public static async Task<int> RunAsync(CliArgs args, TextWriter output, TextReader input)
    {
        var file = await ReadAsync(args.Required("enrollment"), input);
        var gateway = args.Get("gateway") ?? file.GatewayUrl ?? throw new PosException(ExitCodes.Usage, "--gateway is required.");
        if (!Uri.TryCreate(gateway, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new PosException(ExitCodes.Usage, $"--gateway must be an http(s) URL, not '{gateway}'.");
        }

        var certificate = args.Get("gateway-cert") is { } certificatePath ? GatewayHttp.Fingerprint(certificatePath) : null;
        var answer = new EnrolledDevice(file.DeviceId, file.StandId, file.ClientId, file.ClientSecret, file.SigningKey, file.SnapshotKey, file.OfflineMaxPerWallet);
        var enrollment = Enrollment.From(answer, gateway, certificate, args.Long("offline-max-per-wallet"));
        await Terminal.EnrollAsync(args.DataDirectory, enrollment, file.Catalog);
        await output.WriteLineAsync($"enrolled device={enrollment.DeviceId} stand={enrollment.StandId} gateway={gateway} data={Path.GetFullPath(args.DataDirectory)}");
        if (args.Has("no-sync"))
        {
            return ExitCodes.Ok;
        }

        using var terminal = await Terminal.OpenAsync(args.DataDirectory);
        var report = await terminal.Sync.PassAsync();
        await output.WriteLineAsync(report.ToString());
        return ExitCodes.Ok;
    }

    private static async Task<EnrollmentFile> ReadAsync(string path, TextReader input)
    {
        var text = await SecretInput.ReadAllAsync(path, "--enrollment", input);
        EnrollmentFile? file;
        try
        {
            file = JsonSerializer.Deserialize<EnrollmentFile>(text, Json.Options);
        }
        catch (JsonException)
        {
            file = null;
        }

        return file ?? throw new PosException(ExitCodes.BadInput, $"--enrollment {path}: not the JSON answer of POST /api/v1/devices.");
    }
}
