using System.Security.Cryptography.X509Certificates;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

internal static class CosmosClientFactory
{
    /// <summary>
    /// A client in gateway mode (HTTPS), signed in with <c>DefaultAzureCredential</c> at the account endpoint
    /// or with the connection string's key. 429 answers go to <paramref name="throttlingPolicy"/> alone
    /// (<see cref="ThrottlingRetryHandler"/> unless another is plugged in).
    /// Consistency is the account's default: the ledger expects a single write region with Strong or Bounded Staleness.
    /// </summary>
    public static CosmosClient Create(CosmosStorageOptions options, RequestHandler throttlingPolicy)
    {
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "FestivalPos",
            ConnectionMode = ConnectionMode.Gateway,
            UseSystemTextJsonSerializerWithOptions = LedgerContainer.JsonOptions,
            EnableContentResponseOnWrite = false,
            MaxRetryAttemptsOnRateLimitedRequests = 0,
            HttpClientFactory = string.IsNullOrWhiteSpace(options.ServerCertificatePath) ? null : PinnedHttpClientFactory(options.ServerCertificatePath),
        };
        clientOptions.CustomHandlers.Add(throttlingPolicy);
        if (options.ApplicationPreferredRegions.Count > 0)
        {
            clientOptions.ApplicationPreferredRegions = options.ApplicationPreferredRegions.ToList();
        }

        return string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new CosmosClient(options.AccountEndpoint, new DefaultAzureCredential(), clientOptions)
            : new CosmosClient(options.ConnectionString, clientOptions);
    }

    /// <summary>HttpClients that accept the one certificate in the file and no other (the validator allows this for a loopback endpoint only).</summary>
    private static Func<HttpClient> PinnedHttpClientFactory(string certificatePath)
    {
        var pinned = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath)).RawData;
        return () => new HttpClient(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned),
        });
    }
}
