using System.Security.Cryptography;
using System.Text.Json;
using FestivalPos.Clustering.Tls;
using Microsoft.Extensions.Configuration;

namespace FestivalPos.AppHost;

/// <summary>
/// The organizer and top-up clients the gateway creates at start. Taken from configuration when
/// given; otherwise generated once and kept, readable by the owner only, in the data folder.
/// </summary>
public sealed record BootstrapCredentials(string OrganizerClientId, string OrganizerSecret, string TopupClientId, string TopupSecret)
{
    public const string FileName = "bootstrap-credentials.json";

    public static BootstrapCredentials Resolve(IConfiguration configuration, string dataDirectory, out string source)
    {
        var organizerSecret = configuration["Auth:BootstrapOrganizer:ClientSecret"];
        var topupSecret = configuration["Auth:BootstrapTopup:ClientSecret"];
        if (!string.IsNullOrEmpty(organizerSecret) && !string.IsNullOrEmpty(topupSecret))
        {
            source = "configuration";
            return new BootstrapCredentials(
                configuration["Auth:BootstrapOrganizer:ClientId"] ?? "organizer", organizerSecret,
                configuration["Auth:BootstrapTopup:ClientId"] ?? "topup", topupSecret);
        }

        var path = Path.Combine(dataDirectory, FileName);
        source = path;
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<BootstrapCredentials>(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path} is empty.");
        }

        var generated = new BootstrapCredentials("organizer", NewSecret(), "topup", NewSecret());
        OwnerOnlyFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(generated, new JsonSerializerOptions { WriteIndented = true }));
        return generated;
    }

    public IReadOnlyDictionary<string, string> AsEnvironment() => new Dictionary<string, string>
    {
        ["Auth__BootstrapOrganizer__ClientId"] = OrganizerClientId,
        ["Auth__BootstrapOrganizer__ClientSecret"] = OrganizerSecret,
        ["Auth__BootstrapTopup__ClientId"] = TopupClientId,
        ["Auth__BootstrapTopup__ClientSecret"] = TopupSecret,
    };

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
