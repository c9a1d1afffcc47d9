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

    /// <summary>
    /// The schema of an error answer: the problem schema (with <c>errors</c> for 400), extended with the members
    /// its problem types add (a component named after the type, such as <c>BatchTooLargeProblemDetails</c>).
    /// </summary>
    public static async Task<IOpenApiSchema> ForAsync(OperationAnswer answer, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var (name, type) = answer.Status == StatusCodes.Status400BadRequest
            ? (ValidationProblem, typeof(HttpValidationProblemDetails))
            : (Problem, typeof(ProblemDetails));
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        var extended = answer.ProblemTypes.Select(problem => ProblemExamples.Kind(problem, answer.Status)).Where(kind => kind.Extension is not null).ToList();
        return extended.Count == 0 ? new OpenApiSchemaReference(name, document) : Extended(document, name, extended);
    }

    private static OpenApiSchemaReference Extended(OpenApiDocument document, string baseName, List<ProblemKind> kinds)
    {
        var name = string.Concat(kinds[0].Name.Split('-').Select(word => char.ToUpperInvariant(word[0]) + word[1..])) + nameof(ProblemDetails);
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent<IOpenApiSchema>(name, new OpenApiSchema
            {
                Description = $"{baseName} with the members of {string.Join(", ", kinds.Select(kind => $"`{kind.Type}`"))}.",
                AllOf =
                [
                    new OpenApiSchemaReference(baseName, document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = kinds.ToDictionary(
                            kind => kind.Extension!.Name,
                            kind => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = $"{kind.Extension!.Description} Only in `{kind.Type}`." }),
                    },
                ],
            });
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
