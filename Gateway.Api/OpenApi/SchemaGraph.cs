using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>Walks the schemas of a document through their references.</summary>
public static class SchemaGraph
{
    /// <summary>Adds to <paramref name="visited"/> the id of every component schema reachable from <paramref name="schema"/>.</summary>
    public static void Visit(OpenApiDocument document, IOpenApiSchema? schema, ISet<string> visited)
    {
        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Reference.Id is { } id && visited.Add(id))
            {
                Visit(document, Component(document, id), visited);
            }

            return;
        }

        foreach (var child in Children(schema))
        {
            Visit(document, child, visited);
        }
    }

    /// <summary>
    /// The example without the properties its schema does not declare: examples are written for the
    /// whole contract, and a field the types do not have yet is not shown.
    /// </summary>
    public static JsonNode? Prune(OpenApiDocument document, JsonNode? example, IOpenApiSchema? schema)
    {
        var resolved = Resolve(document, schema);
        switch (example)
        {
            case JsonObject json when ObjectSchema(document, resolved) is { Properties: { } properties }:
                foreach (var property in json.Select(pair => pair.Key).ToList())
                {
                    if (properties.TryGetValue(property, out var propertySchema))
                    {
                        json[property] = Prune(document, json[property]?.DeepClone(), propertySchema);
                    }
                    else
                    {
                        json.Remove(property);
                    }
                }

                return json;
            case JsonArray array when ArraySchema(document, resolved)?.Items is { } items:
                return new JsonArray([.. array.Select(item => Prune(document, item?.DeepClone(), items))]);
            default:
                return example;
        }
    }

    private static IOpenApiSchema? Component(OpenApiDocument document, string id) => document.Components?.Schemas.Find(id);

    private static IOpenApiSchema? Resolve(OpenApiDocument document, IOpenApiSchema? schema) =>
        schema is OpenApiSchemaReference { Reference.Id: { } id } ? Component(document, id) : schema;

    /// <summary>The schema itself when it has properties, else the first of its alternatives (a nullable object is oneOf null and the object).</summary>
    private static IOpenApiSchema? ObjectSchema(OpenApiDocument document, IOpenApiSchema? schema) =>
        schema?.Properties is { Count: > 0 } ? schema : Alternatives(schema).Select(s => Resolve(document, s)).FirstOrDefault(s => s?.Properties is { Count: > 0 });

    private static IOpenApiSchema? ArraySchema(OpenApiDocument document, IOpenApiSchema? schema) =>
        schema?.Items is not null ? schema : Alternatives(schema).Select(s => Resolve(document, s)).FirstOrDefault(s => s?.Items is not null);

    private static IEnumerable<IOpenApiSchema> Alternatives(IOpenApiSchema? schema) =>
        (schema?.OneOf ?? []).Concat(schema?.AnyOf ?? []).Concat(schema?.AllOf ?? []);

    private static IEnumerable<IOpenApiSchema> Children(IOpenApiSchema? schema) => schema is null
        ? []
        : (schema.Properties?.Values ?? []).Concat(Alternatives(schema)).Concat(new[] { schema.Items, schema.AdditionalProperties }.OfType<IOpenApiSchema>());
}

internal static class DictionaryLookup
{
    public static TValue? Find<TValue>(this IDictionary<string, TValue>? dictionary, string key) where TValue : class =>
        dictionary is not null && dictionary.TryGetValue(key, out var value) ? value : null;
}
