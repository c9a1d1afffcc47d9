using System.Net;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FestivalPos.Gateway.Tests.OpenApi;

/// <summary>
/// Serves the running gateway's OpenAPI document and, when OPENAPI_DOCUMENT_PATH is set, writes it
/// there: CI lints that file with Redocly after the tests.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OpenApiDocumentExportTests(GatewayFixture fixture)
{
    public const string PathVariable = "OPENAPI_DOCUMENT_PATH";

    [Fact]
    public async Task The_document_is_served_and_written_where_ci_lints_it()
    {
        // Asked at the gateway's default address, so the document's server is the one a default run serves.
        var client = fixture.Gateway.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://127.0.0.1:7443") });
        var response = await client.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text);
        }
    }
}
