using System.Collections.Concurrent;
using FestivalPos.Grains.Interfaces.Auth;

namespace FestivalPos.Gateway.Api.Auth;

/// <summary>
/// The API clients' records as this gateway last read them from the cluster, reused for at most
/// <see cref="MaxAge"/>. A revocation made through this gateway is seen at once; other gateways see it
/// within <see cref="MaxAge"/>. Charges and batches of a revoked device are refused by its device grain
/// from the moment of revocation, whatever any gateway remembers.
/// </summary>
public sealed class ClientRecordCache(IGrainFactory grains, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Read> _records = new(StringComparer.Ordinal);

    public async ValueTask<ApiClientView?> GetAsync(string clientId)
    {
        if (_records.TryGetValue(clientId, out var read) && time.GetElapsedTime(read.At) < MaxAge)
        {
            return read.Client;
        }

        var at = time.GetTimestamp();
        var client = await grains.Reference<IApiClientGrain>(clientId).Get();
        _records[clientId] = new Read(client, at);
        return client;
    }

    public void Evict(string clientId) => _records.TryRemove(clientId, out _);

    private sealed record Read(ApiClientView? Client, long At);
}
