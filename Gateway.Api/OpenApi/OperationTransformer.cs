using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>
/// Per operation: the bearer requirement with the roles its policy allows (from the endpoint's
/// authorization metadata), and the answers of <see cref="OperationAnswers"/> for its endpoint name.
/// Success bodies keep the schema the framework derived from the handler's result type.
/// </summary>
public sealed class OperationTransformer(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public const string BearerScheme = "Bearer";

    private static readonly Dictionary<string, (string Description, string? Pattern)> Parameters = new()
    {
        ["deviceId"] = ("The POS device's id: 1 to 64 characters of A-Z a-z 0-9 _ -.", IdPattern),
        ["walletId"] = ("The wallet's id: 1 to 64 characters of A-Z a-z 0-9 _ -.", IdPattern),
        ["reviewId"] = ("The review entry's id, `{deviceId}:{seq}`.", null),
        ["clientId"] = ("The API client's id: 1 to 128 characters of A-Z a-z 0-9 _ -; a device's is `device-{deviceId}`.", "^[A-Za-z0-9_-]{1,128}$"),
        ["after"] = ("Answer the entries whose position is greater than this (0 or more; default 0): the previous page's `next`.", null),
        ["limit"] = ("The most entries to answer.", null),
        ["since"] = ("Answer the wallets changed after this snapshot version (0 or more; default 0): the previous page's `version`.", null),
        ["kind"] = ($"Answer anomalies of this kind only: {string.Join(", ", Apis.Names.AnomalyKinds.Keys.Select(kind => $"`{kind}`"))}.", null),
    };

    private const string IdPattern = "^[A-Za-z0-9_-]{1,64}$";

    /// <summary>The <c>limit</c> of each paged operation: the most it accepts and what it uses without one.</summary>
    private static readonly Dictionary<string, (int Max, int Default)> PageSizes = new()
    {
        ["GetWalletTransactions"] = (LedgerLimits.MaxHistoryPageSize, Apis.WalletsApi.DefaultPageSize),
        ["ListReview"] = (Grains.Interfaces.Review.IReviewQueueGrain.MaxPageSize, Apis.ReviewApi.DefaultPageSize),
        ["GetAnomaliesReport"] = (Grains.Interfaces.Reports.IAnomalyProjectionGrain.MaxReportAnomalies, Apis.ReportsApi.DefaultAnomalies),
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("Operation transformers run with their document.");
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var roles = await RolesAsync(metadata);
        operation.Security = roles is null ? [] : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = roles }];
        if (roles is { Count: > 0 })
        {
            var requirement = $"Requires a bearer token of role {string.Join(" or ", roles.Select(role => $"`{role}`"))}.";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description}\n\n{requirement}";
        }

        var name = metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
        DescribeParameters(operation, name);
        if (name is not null && OperationAnswers.ByEndpointName.TryGetValue(name, out var answers))
        {
            var carriesSecrets = metadata.OfType<Apis.SecretAnswers.CarriesSecretsMetadata>().Any();
            operation.Responses = await ResponsesAsync(operation, answers, secured: roles is not null, carriesSecrets, context, cancellationToken);
        }
    }

    /// <summary>The roles allowed by the endpoint's authorization, or null for an endpoint anyone may call.</summary>
    private async Task<List<string>?> RolesAsync(IList<object> metadata)
    {
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count == 0 || metadata.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        var roles = new List<string>();
        foreach (var data in authorize)
        {
            var policy = data.Policy is { } name ? await policies.GetPolicyAsync(name) : null;
            roles.AddRange(policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(requirement => requirement.AllowedRoles) ?? []);
            roles.AddRange(data.Roles?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? []);
        }

        return [.. roles.Distinct()];
    }

    private static void DescribeParameters(OpenApiOperation operation, string? endpointName)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is not { } name || !Parameters.TryGetValue(name, out var described) || parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            parameter.Description ??= described.Description;
            schema.Pattern = described.Pattern ?? schema.Pattern;
            if (name is "after" or "since")
            {
                schema.Minimum = "0";
            }
            else if (name == "limit" && endpointName is not null && PageSizes.TryGetValue(endpointName, out var size))
            {
                parameter.Description = $"The most entries to answer: 1 to {size.Max}, {size.Default} without it.";
                schema.Minimum = "1";
                schema.Maximum = size.Max.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static async Task<OpenApiResponses> ResponsesAsync(
        OpenApiOperation operation, IReadOnlyList<OperationAnswer> answers, bool secured, bool carriesSecrets, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = new OpenApiResponses();
        foreach (var answer in answers)
        {
            var key = answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            responses[key] = answer.IsSuccess
                ? Success(operation.Responses?.GetValueOrDefault(key), answer, carriesSecrets)
                : await ProblemAsync(answer, secured, context, cancellationToken);
        }

        return responses;
    }

    /// <summary>The framework's response for this status (its body schema derived from the handler), described.</summary>
    private static OpenApiResponse Success(IOpenApiResponse? generated, OperationAnswer answer, bool carriesSecrets)
    {
        var response = generated as OpenApiResponse ?? new OpenApiResponse();
        response.Description = answer.Description;
        if (carriesSecrets)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Cache-Control"] = new OpenApiHeader
            {
                Description = "`no-store`: the answer carries a secret or a token, and no cache may keep it.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("no-store")] },
            };
            response.Headers["Pragma"] = new OpenApiHeader
            {
                Description = "`no-cache`, for HTTP/1.0 caches.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("no-cache")] },
            };
        }

        if (answer.Status == StatusCodes.Status201Created)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Location"] = new OpenApiHeader
            {
                Description = "Where the created resource is read.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            };
        }

        return response;
    }

    private static async Task<OpenApiResponse> ProblemAsync(OperationAnswer answer, bool secured, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await ProblemSchemas.ForAsync(answer, context, cancellationToken);
        var response = new OpenApiResponse
        {
            Description = ProblemExamples.Describe(answer),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemSchemas.MediaType] = new() { Schema = schema, Examples = ProblemExamples.For(answer, context.Document!) },
            },
        };
        if (answer.Status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before sending the same request again.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                },
            };
        }
        else if (answer.Status == StatusCodes.Status401Unauthorized && secured)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["WWW-Authenticate"] = new OpenApiHeader
                {
                    Description = "`Bearer` when the token is missing, bad, expired or revoked.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        }

        return response;
    }
}
