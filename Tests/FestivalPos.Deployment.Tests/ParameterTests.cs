using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FestivalPos.Deployment.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class ParameterTests(CompiledTemplate template)
{
    private static readonly Dictionary<string, string> DeploymentEnvironment = new()
    {
        ["FESTIVALPOS_IMAGE_TAG"] = "1.0.0",
        ["FESTIVALPOS_PUBLIC_URL"] = "https://pay.festival.example",
        ["FESTIVALPOS_ALERT_EMAIL"] = "operations@festival.example",
    };

    [Fact]
    public void No_parameter_default_looks_like_a_secret()
    {
        var parameters = template.Templates.SelectMany(module => module["parameters"]?.AsObject() ?? []).ToList();
        parameters.Should().NotBeEmpty();
        foreach (var (name, parameter) in parameters)
        {
            if (((string?)parameter!["type"])?.StartsWith("secure", StringComparison.OrdinalIgnoreCase) == true)
            {
                parameter["defaultValue"].Should().BeNull($"secure parameter '{name}' has no default");
            }

            StringsIn(parameter["defaultValue"]).Should().NotContain(value => LooksLikeSecret(value), $"parameter '{name}'");
        }
    }

    [Theory]
    [InlineData("environments/staging.bicepparam")]
    [InlineData("environments/production.bicepparam")]
    public void Each_parameter_file_compiles_and_holds_no_secret(string file)
    {
        var values = BicepCli.BuildParameters(file, DeploymentEnvironment)["parameters"]!.AsObject();
        values.Select(parameter => parameter.Key).Should().Contain(["namePrefix", "regions", "siloCountPerRegion", "imageTag"]);
        values["regions"]!["value"]!.AsArray().Should().HaveCount(2);
        StringsIn(values).Should().NotContain(value => LooksLikeSecret(value));
        values.Select(parameter => parameter.Value!["reference"]).Should().AllSatisfy(reference => reference.Should().BeNull("secrets come from Key Vault at run time, not at deployment"));
    }

    [Theory]
    [InlineData("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==", true)]
    [InlineData("AccountEndpoint=https://x.documents.azure.com:443/;AccountKey=abc", true)]
    [InlineData("festivalpos-master-key", false)]
    [InlineData("/PartitionKey", false)]
    public void The_secret_check_tells_keys_from_names(string value, bool secret) => LooksLikeSecret(value).Should().Be(secret);

    private static bool LooksLikeSecret(string value) => Base64OrHex().IsMatch(value) || KeyInConnectionString().IsMatch(value);

    private static IEnumerable<string> StringsIn(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => [text],
        JsonObject item => item.SelectMany(child => StringsIn(child.Value)),
        JsonArray items => items.SelectMany(StringsIn),
        _ => [],
    };

    [GeneratedRegex(@"^(?:[A-Za-z0-9+/]{32,}={0,2}|[0-9a-fA-F]{32,})$")]
    private static partial Regex Base64OrHex();

    [GeneratedRegex(@"(AccountKey|SharedAccessKey|Password|pwd)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex KeyInConnectionString();
}
