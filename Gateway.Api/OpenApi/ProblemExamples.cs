using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace FestivalPos.Gateway.Api.OpenApi;

/// <summary>The description and one example per problem type of an error answer.</summary>
public static class ProblemExamples
{
    public const string TraceId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    public static string Describe(OperationAnswer answer)
    {
        var description = StatusDescriptions.Of(answer.Status);
        return answer.ProblemTypes.Count == 0
            ? description
            : $"{description} Problem types: {string.Join("; ", answer.ProblemTypes.Select(name => Kind(name, answer.Status)).Select(kind => $"`{kind.Type}` ({kind.Title})"))}.";
    }

    /// <summary>One example per problem type, each a reference to the document's example of that type (added on first use).</summary>
    public static Dictionary<string, IOpenApiExample>? For(OperationAnswer answer, OpenApiDocument document)
    {
        if (answer.ProblemTypes.Count == 0)
        {
            return null;
        }

        var examples = new Dictionary<string, IOpenApiExample>();
        foreach (var kind in answer.ProblemTypes.Select(name => Kind(name, answer.Status)))
        {
            if (document.Components?.Examples?.ContainsKey(kind.Name) != true)
            {
                document.AddComponent<IOpenApiExample>(kind.Name, new OpenApiExample { Summary = kind.Title, Value = Body(kind) });
            }

            examples[kind.Name] = new OpenApiExampleReference(kind.Name, document);
        }

        return examples;
    }

    private static JsonObject Body(ProblemKind kind)
    {
        var body = new JsonObject
        {
            ["type"] = kind.Type,
            ["title"] = kind.Title,
            ["status"] = kind.Status,
            ["detail"] = kind.Detail,
        };
        if (kind.Name == "validation")
        {
            body["errors"] = new JsonObject
            {
                ["walletId"] = new JsonArray("'walletId' must be 1 to 64 characters of A-Z a-z 0-9 _ -."),
                ["amount"] = new JsonArray("'amount' must be an integer from 1 to 100000000."),
            };
        }

        if (kind.Extension is { } extension)
        {
            body[extension.Name] = extension.Example;
        }

        body["traceId"] = TraceId;
        return body;
    }

    public static ProblemKind Kind(string name, int status) =>
        ProblemCatalog.ByName.TryGetValue(name, out var kind) && kind.Status == status
            ? kind
            : throw new InvalidOperationException($"Problem type '{name}' with status {status} is not in the problem catalog.");
}
