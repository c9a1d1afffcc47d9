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

        source = Path.Combine(dataDirectory, FileName);
        return KeptCredentials.ReadOrCreate(source, newSecret => new BootstrapCredentials("organizer", newSecret(), "topup", newSecret()));
    }

    public IReadOnlyDictionary<string, string> AsEnvironment() => new Dictionary<string, string>
    {
        ["Auth__BootstrapOrganizer__ClientId"] = OrganizerClientId,
        ["Auth__BootstrapOrganizer__ClientSecret"] = OrganizerSecret,
        ["Auth__BootstrapTopup__ClientId"] = TopupClientId,
        ["Auth__BootstrapTopup__ClientSecret"] = TopupSecret,
    };
}
