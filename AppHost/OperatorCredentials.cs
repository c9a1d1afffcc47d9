using Microsoft.Extensions.Configuration;

namespace FestivalPos.AppHost;

/// <summary>
/// The operator client the gateway creates at start (Orleans Dashboard). Taken from configuration when given;
/// otherwise generated once and kept, readable by the owner only, in its own file in the data folder, apart from the
/// organizer's and top-up provider's: whoever runs the cluster gets this file and no other.
/// </summary>
public sealed record OperatorCredentials(string ClientId, string ClientSecret)
{
    public const string FileName = "operator-credentials.json";

    public static OperatorCredentials Resolve(IConfiguration configuration, string dataDirectory, out string source)
    {
        var secret = configuration["Auth:BootstrapOperator:ClientSecret"];
        if (!string.IsNullOrEmpty(secret))
        {
            source = "configuration";
            return new OperatorCredentials(configuration["Auth:BootstrapOperator:ClientId"] ?? "operator", secret);
        }

        source = Path.Combine(dataDirectory, FileName);
        return KeptCredentials.ReadOrCreate(source, newSecret => new OperatorCredentials("operator", newSecret()));
    }

    public IReadOnlyDictionary<string, string> AsEnvironment() => new Dictionary<string, string>
    {
        ["Auth__BootstrapOperator__ClientId"] = ClientId,
        ["Auth__BootstrapOperator__ClientSecret"] = ClientSecret,
    };
}
