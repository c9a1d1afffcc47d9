using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>
/// Schema names are the type names of every client generated from the document, so they are part of
/// the contract: they follow the Wire library's contract types, whatever the gateway's own types are called.
/// </summary>
public static class SchemaNames
{
    private static readonly Dictionary<string, string> WireNames = new()
    {
        ["CredentialDto"] = "CredentialBody",
        ["OfflineTransactionDto"] = "OfflineTransactionBody",
        ["TopUpRequestBody"] = "TopUpRequest",
    };

    public static string? Of(JsonTypeInfo type) => OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } name
        ? WireNames.GetValueOrDefault(name, name)
        : null;
}
