using System.Net;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

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
    public async Task The_document_is_served_on_the_management_endpoint_names_the_public_server_and_is_written_where_ci_lints_it()
    {
        var response = await fixture.Management().GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var servers = JsonDocument.Parse(text).RootElement.GetProperty("servers").EnumerateArray().Select(server => server.GetProperty("url").GetString());
        servers.Should().Equal(["https://127.0.0.1:7443"], "clients call the public endpoint a default run serves, not the management one");
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, text);
        }
    }
}
