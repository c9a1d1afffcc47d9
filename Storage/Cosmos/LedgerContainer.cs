using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Azure.Cosmos;

namespace FestivalPos.Storage.Cosmos;

/// <summary>A document as read, with the ETag that a conditional replace or delete names.</summary>
internal sealed record Stored<T>(T Document, string ETag);

internal enum ReplaceOutcome
{
    Replaced = 0,

    /// <summary>The document changed since it was read (412): read it again.</summary>
    Changed = 1,

    /// <summary>The document is gone (404).</summary>
    Missing = 2,
}

/// <summary>
/// The ledger container's documents through the SDK's stream API, so expected answers (404, 409, 412)
/// are values, not exceptions; any other failure throws. Every answer's request charge is recorded.
/// </summary>
internal sealed class LedgerContainer(Container container, StorageMetrics metrics)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<Stored<T>?> FindAsync<T>(string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        Charge("read", response);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound:
                return null;
            case HttpStatusCode.InternalServerError:
                // The local test server answers a point read of a missing item 500; a query by id tells what is there.
                return await FindByQueryAsync<T>(id, partitionKey, cancellationToken);
            default:
                response.EnsureSuccessStatusCode();
                return new Stored<T>(await DeserializeAsync<T>(response.Content, cancellationToken), response.Headers.ETag);
        }
    }

    /// <summary>Creates the document, or answers false when its id is taken (409).</summary>
    public async Task<bool> TryCreateAsync<T>(T document, string partitionKey, CancellationToken cancellationToken)
    {
        using var content = Serialize(document);
        using var response = await container.CreateItemStreamAsync(content, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
        Charge("create", response);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }

    /// <summary>Replaces the document only if it is still at <paramref name="etag"/>.</summary>
    public async Task<ReplaceOutcome> TryReplaceAsync<T>(T document, string id, string partitionKey, string etag, CancellationToken cancellationToken)
    {
        using var content = Serialize(document);
        using var response = await container.ReplaceItemStreamAsync(
            content, id, new PartitionKey(partitionKey), new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
        Charge("replace", response);
        return Conditional(response);
    }

    /// <summary>Deletes the document only if it is still at <paramref name="etag"/>.</summary>
    public async Task<ReplaceOutcome> TryDeleteAsync(string id, string partitionKey, string etag, CancellationToken cancellationToken)
    {
        using var response = await container.DeleteItemStreamAsync(
            id, new PartitionKey(partitionKey), new ItemRequestOptions { IfMatchEtag = etag }, cancellationToken);
        Charge("delete", response);
        return Conditional(response);
    }

    /// <summary>
    /// The query's documents, page by page, within one partition when <paramref name="partitionKey"/> is given.
    /// Optimistic direct execution runs a query without asking for a query plan wherever it can.
    /// </summary>
    public async IAsyncEnumerable<Stored<T>> QueryAsync<T>(
        QueryDefinition query, string? partitionKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions
        {
            PartitionKey = partitionKey is null ? null : new PartitionKey(partitionKey),
            EnableOptimisticDirectExecution = true,
        };
        using var pages = container.GetItemQueryStreamIterator(query, requestOptions: options);
        while (pages.HasMoreResults)
        {
            using var page = await pages.ReadNextAsync(cancellationToken);
            Charge("query", page);
            page.EnsureSuccessStatusCode();
            using var body = await JsonDocument.ParseAsync(page.Content, cancellationToken: cancellationToken);
            foreach (var element in body.RootElement.GetProperty("Documents").EnumerateArray())
            {
                var etag = element.TryGetProperty("_etag", out var value) ? value.GetString() ?? string.Empty : string.Empty;
                yield return new Stored<T>(element.Deserialize<T>(JsonOptions)!, etag);
            }
        }
    }

    private async Task<Stored<T>?> FindByQueryAsync<T>(string id, string partitionKey, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.PartitionKey = @partitionKey AND c.id = @id")
            .WithParameter("@partitionKey", partitionKey)
            .WithParameter("@id", id);
        await foreach (var found in QueryAsync<T>(query, partitionKey, cancellationToken))
        {
            return found;
        }

        return null;
    }

    private static ReplaceOutcome Conditional(ResponseMessage response)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.PreconditionFailed:
                return ReplaceOutcome.Changed;
            case HttpStatusCode.NotFound:
                return ReplaceOutcome.Missing;
            default:
                response.EnsureSuccessStatusCode();
                return ReplaceOutcome.Replaced;
        }
    }

    private void Charge(string operation, ResponseMessage response) =>
        metrics.CosmosRequestCharged(operation, response.Headers.RequestCharge);

    private static MemoryStream Serialize<T>(T document) => new(JsonSerializer.SerializeToUtf8Bytes(document, JsonOptions));

    private static async Task<T> DeserializeAsync<T>(Stream content, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<T>(content, JsonOptions, cancellationToken)
        ?? throw new InvalidDataException("Cosmos DB answered an empty document.");
}
