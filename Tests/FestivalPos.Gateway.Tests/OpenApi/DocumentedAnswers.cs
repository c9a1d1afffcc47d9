using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FestivalPos.Gateway.Api.OpenApi;

namespace FestivalPos.Gateway.Tests.OpenApi;

/// <summary>The gateway's OpenAPI document, read as a client reads it, and checks of real answers against it.</summary>
public sealed class DocumentedAnswers(JsonElement document)
{
    public JsonElement Document => document;

    public static async Task<DocumentedAnswers> ReadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/openapi/v1.json");
        return new DocumentedAnswers(JsonDocument.Parse(text).RootElement.Clone());
    }

    public bool HasOperation(string operationId) => Operations().Any(operation => operation.OperationId == operationId);

    /// <summary>Every operation: id, method, path template and the statuses it documents.</summary>
    public IEnumerable<(string OperationId, string Method, string Path, IReadOnlyList<int> Statuses)> Operations() =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select (operation.Value.GetProperty("operationId").GetString()!, operation.Name.ToUpperInvariant(), path.Name,
            (IReadOnlyList<int>)[.. operation.Value.GetProperty("responses").EnumerateObject().Select(response => int.Parse(response.Name))]);

    /// <summary>What is wrong with this answer to this operation according to the document; empty when it is as documented.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string operationId, HttpRequestMessage request, HttpResponseMessage response)
    {
        var problems = new List<string>();
        var (method, path, operation) = Find(operationId);
        var requestPath = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        if (method != request.Method.Method || !Template(path).IsMatch(requestPath))
        {
            problems.Add($"{request.Method} {requestPath} is not operation {operationId} ({method} {path})");
        }

        var status = (int)response.StatusCode;
        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var documented))
        {
            problems.Add($"{operationId} answered {status}, which its document does not list");
            return problems;
        }

        var text = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!documented.TryGetProperty("content", out var content))
        {
            if (text.Length > 0)
            {
                problems.Add($"{operationId} {status} has a body ({mediaType}) but its document declares none");
            }
        }
        else if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            problems.Add($"{operationId} {status} is {mediaType ?? "without a body"}, its document declares {string.Join(", ", content.EnumerateObject().Select(c => c.Name))}");
        }
        else if (mediaType == "text/csv")
        {
            if (text.Length == 0)
            {
                problems.Add($"{operationId} {status} is an empty CSV document");
            }
        }
        else
        {
            var body = JsonDocument.Parse(text).RootElement;
            problems.AddRange(status >= 400 ? CheckProblem(operationId, status, media, body) : CheckBody(operationId, status, media.GetProperty("schema"), body));
        }

        foreach (var header in documented.TryGetProperty("headers", out var headers) ? headers.EnumerateObject() : default)
        {
            var required = header.Value.TryGetProperty("required", out var flag) && flag.GetBoolean();
            if (required && !response.Headers.Contains(header.Name) && !response.Content.Headers.Contains(header.Name))
            {
                problems.Add($"{operationId} {status} lacks the required header {header.Name}");
            }
        }

        return problems;
    }

    private (string Method, string Path, JsonElement Operation) Find(string operationId)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Value.GetProperty("operationId").GetString() == operationId)
                {
                    return (operation.Name.ToUpperInvariant(), path.Name, operation.Value);
                }
            }
        }

        throw new InvalidOperationException($"The document has no operation {operationId}.");
    }

    private static Regex Template(string path) => new("^" + Regex.Replace(Regex.Escape(path), @"\\\{[^}]+}", "[^/]+") + "$");

    /// <summary>
    /// The problem's type is one the document names for this status (when it names any), its title the
    /// catalog's, and it carries its status and a trace id.
    /// </summary>
    private static IEnumerable<string> CheckProblem(string operationId, int status, JsonElement media, JsonElement body)
    {
        var type = body.TryGetProperty("type", out var t) ? t.GetString() : null;
        var names = media.TryGetProperty("examples", out var examples) ? examples.EnumerateObject().Select(e => e.Name).ToList() : [];
        var name = type?.StartsWith(Api.Errors.Problems.TypePrefix, StringComparison.Ordinal) == true ? type[Api.Errors.Problems.TypePrefix.Length..] : type;
        if (names.Count == 0)
        {
            // The table names no problem types for this status: any type is as documented.
        }
        else if (name is null || !names.Contains(name))
        {
            yield return $"{operationId} {status} answered problem type {type}, its document names {string.Join(", ", names)}";
        }
        else if (body.GetProperty("title").GetString() != ProblemCatalog.ByName[name].Title)
        {
            yield return $"{operationId} {status} {name} has title '{body.GetProperty("title").GetString()}', the document shows '{ProblemCatalog.ByName[name].Title}'";
        }

        if (!body.TryGetProperty("status", out var s) || s.GetInt32() != status || !body.TryGetProperty("traceId", out _))
        {
            yield return $"{operationId} {status} problem lacks its status or traceId: {body}";
        }
    }

    /// <summary>The body has the schema's required properties and no property the schema does not declare.</summary>
    private IEnumerable<string> CheckBody(string operationId, int status, JsonElement schema, JsonElement body)
    {
        var resolved = Resolve(schema);
        var declared = resolved.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        var required = resolved.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToList() : [];
        var present = body.ValueKind == JsonValueKind.Object ? body.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        foreach (var missing in required.Where(name => !present.Contains(name)))
        {
            yield return $"{operationId} {status} lacks the required property {missing}";
        }

        foreach (var extra in present.Where(name => !declared.Contains(name)))
        {
            yield return $"{operationId} {status} has the property {extra}, which its schema does not declare";
        }
    }

    private JsonElement Resolve(JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
}

/// <summary>One request that produces <see cref="Status"/> from operation <see cref="OperationId"/>.</summary>
public sealed record Probe(string OperationId, HttpStatusCode Status, HttpClient Client, Func<HttpRequestMessage> Request)
{
    public override string ToString() => $"{OperationId} {(int)Status}";
}
