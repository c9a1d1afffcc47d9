namespace FestivalPos.AppHost;

/// <summary>Asks the gateway's /health/ready over loopback, trusting its (possibly self-signed) certificate for this probe only.</summary>
public static class ReadinessProbe
{
    private static readonly HttpClient Client = new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public static async Task<bool> IsReadyAsync(Uri gatewayUrl)
    {
        try
        {
            using var response = await Client.GetAsync(new Uri(gatewayUrl, "/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
