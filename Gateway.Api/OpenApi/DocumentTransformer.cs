using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>
/// The whole document: title and contract version, the bearer scheme, tag descriptions, the problem
/// schemas, answer schemas left open for the optional fields API.md may add, and example bodies.
/// </summary>
public sealed class DocumentTransformer(IConfiguration configuration, IOptions<Hosting.GatewayOptions> gateway) : IOpenApiDocumentTransformer
{
    public const string ContractVersion = "1.1";

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Auth"] = "Client credentials for a short-lived bearer token. The only call without a token.",
        ["Devices"] = "Organizer calls on POS terminals: enroll, revoke, inspect.",
        ["Clients"] = "Organizer calls on API clients (organizer tools, the top-up provider, devices): revoke one or rotate its secret.",
        ["Payments"] = "Online charges of a POS terminal, identified by (deviceId, seq).",
        ["Offline batches"] = "Signed offline transactions of a POS terminal, applied once each, in any order.",
        ["Offline snapshot"] = "What a terminal needs to sell offline, paged by version.",
        ["Wallets"] = "Organizers create and manage wallets; organizers and the top-up provider read them.",
        ["Wristbands"] = "Before the festival: the keys the encoding station programs SUN (NTAG 424 DNA) wristbands with. Organizers only.",
        ["Top-ups"] = "The top-up provider credits wallets, idempotently by its own topupId.",
        ["Stands"] = "Stands, the vendor each settles with, and their catalog of items, managed by organizers; a terminal reads its own stand's catalog.",
        ["Refunds"] = "Refunds of an approved charge, whole or in part, once per refundId: by an organizer, or by the terminal that sold it within `Refunds:DeviceWindowSeconds`.",
        ["Holder data"] = "The personal data a wallet may carry (name, email, IBAN), sealed and kept apart from the ledger: set, read, export everything about a wallet, and erase (GDPR). Organizers only; answers are `Cache-Control: no-store`.",
        ["Cash-out"] = "After the festival: the leftover balance paid out to the holder, less `CashOut:Fee`. Organizers record requests (and withdraw them until a batch takes them) and make payout batches; the top-up provider collects a batch (JSON or CSV) and confirms each payout.",
        ["Review"] = "Offline transactions the server refused, kept for an organizer to approve or dismiss.",
        ["Reports"] = "The organizer's live figures, projected from the ledger feed: sales per stand and minute, money exposure, terminal health, anomalies.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "FestivalPos API",
            Version = ContractVersion,
            Description = "The HTTP API of the FestivalPos gateway (API.md, version " + ContractVersion + ") for POS terminals, the top-up provider "
                + "and organizer tools. Errors are RFC 7807 ProblemDetails (`application/problem+json`) whose `type` says what was wrong; "
                + "429 and 503 carry `Retry-After`, and every call is idempotent by its id, so a client repeats the same request.",
        };
        // The document is served on the management endpoint: the servers it names are where the API is served.
        var servers = PublicUrls();
        if (servers.Count > 0)
        {
            document.Servers = [.. servers.Select(url => new OpenApiServer { Url = url })];
        }

        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperationTransformer.BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An access token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer <accessToken>`. "
                + "Its role (`organizer`, `device`, `topup`, or `operator` for the Orleans Dashboard) decides which calls it may make; each operation's requirement lists the roles.",
        };
        foreach (var tag in (IEnumerable<OpenApiTag>?)document.Tags ?? [])
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description ??= description;
            }
        }

        ProblemSchemas.Complete(document);
        OpenAnswerSchemas(document);
        AddExamples(document);
        return Task.CompletedTask;
    }

    /// <summary>Gateway:PublicUrl when set, otherwise the URLs of the Kestrel endpoints that name a host clients can reach.</summary>
    private List<string> PublicUrls()
    {
        if (gateway.Value.PublicUrl is { Length: > 0 } configured)
        {
            return [configured];
        }

        return [.. configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .OfType<string>()
            .Where(url => Uri.TryCreate(url.Replace("://*", "://any-host", StringComparison.Ordinal).Replace("://+", "://any-host", StringComparison.Ordinal), UriKind.Absolute, out var parsed)
                && parsed.Host is not ("any-host" or "0.0.0.0" or "[::]"))];
    }

    /// <summary>
    /// Requests refuse unknown properties, and their schemas say so. Answers may gain optional fields
    /// (API.md allows it), so schemas used only in answers do not forbid them.
    /// </summary>
    private static void OpenAnswerSchemas(OpenApiDocument document)
    {
        var inRequests = new HashSet<string>();
        foreach (var operation in Operations(document))
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                SchemaGraph.Visit(document, media.Schema, inRequests);
            }
        }

        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!inRequests.Contains(name) && schema is OpenApiSchema { AdditionalPropertiesAllowed: false } closed)
            {
                closed.AdditionalPropertiesAllowed = true;
            }
        }
    }

    private static void AddExamples(OpenApiDocument document)
    {
        foreach (var operation in Operations(document))
        {
            if (operation.OperationId is not { } name || !ExampleBodies.ByEndpointName.TryGetValue(name, out var example))
            {
                continue;
            }

            if (example.Request is { } request && operation.RequestBody?.Content.Find("application/json") is { } body)
            {
                body.Example = SchemaGraph.Prune(document, JsonNode.Parse(request), body.Schema);
            }

            var success = operation.Responses?.FirstOrDefault(response => response.Key.StartsWith('2')).Value;
            if (example.Answer is { } answer && success?.Content.Find("application/json") is { } content)
            {
                content.Example = SchemaGraph.Prune(document, JsonNode.Parse(answer), content.Schema);
            }
        }
    }

    private static IEnumerable<OpenApiOperation> Operations(OpenApiDocument document) =>
        document.Paths?.Values.SelectMany(path => (IEnumerable<OpenApiOperation>?)path.Operations?.Values ?? []) ?? [];
}
