using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>
/// The ProblemDetails schemas of every error answer: the framework's schemas of <see cref="ProblemDetails"/>
/// and, for 400, <see cref="HttpValidationProblemDetails"/> (with <c>errors</c>), plus the <c>traceId</c>
/// every answer carries. The strict JSON options make the framework close them (additionalProperties: false);
/// RFC 7807 lets a problem carry more members, so they are left open.
/// </summary>
public static class ProblemSchemas
{
    public const string MediaType = "application/problem+json";
    public const string Problem = nameof(ProblemDetails);
    public const string ValidationProblem = nameof(HttpValidationProblemDetails);

    public static async Task<OpenApiSchemaReference> ReferenceAsync(bool validation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var (name, type) = validation ? (ValidationProblem, typeof(HttpValidationProblemDetails)) : (Problem, typeof(ProblemDetails));
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>Adds <c>traceId</c> and opens the problem schemas; called once the document is complete.</summary>
    public static void Complete(OpenApiDocument document)
    {
        foreach (var name in new[] { Problem, ValidationProblem })
        {
            if (document.Components?.Schemas.Find(name) is not OpenApiSchema schema)
            {
                continue;
            }

            schema.Description = "An RFC 7807 problem. `type` is `urn:festivalpos:problem:<name>` and says what was wrong; `title` says it in words.";
            schema.AdditionalPropertiesAllowed = true;
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["traceId"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The W3C trace id of the request, for the operator's logs.",
                Examples = [JsonValue.Create("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")],
            };
        }
    }
}
