using System.Text.Json.Nodes;

namespace FestivalPos.Deployment.Tests;

/// <summary>bicep/main.bicep compiled once, with every resource of every module found in it.</summary>
public sealed class CompiledTemplate
{
    public JsonNode Root { get; } = BicepCli.Build("main.bicep");

    public string Json => Root.ToJsonString();

    /// <summary>Every resource deployed anywhere (not those only referenced as existing): in main.bicep and, through nested deployments, in each module.</summary>
    public IReadOnlyList<JsonObject> Resources => Descendants(Root).Where(IsResource).ToList();

    /// <summary>Every template: main.bicep's and each module's.</summary>
    public IReadOnlyList<JsonObject> Templates => Descendants(Root).Where(node => node["$schema"] is not null && node["resources"] is not null).ToList();

    /// <summary>The values main.bicep and the modules pass to a module parameter of this name.</summary>
    public IReadOnlyList<string?> ModuleArguments(string parameter) =>
        ResourcesOfType("Microsoft.Resources/deployments")
            .Select(deployment => deployment["properties"]!["parameters"]?[parameter]?["value"])
            .Where(value => value is not null)
            .Select(value => value!.ToString())
            .ToList();

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(resource => string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    private static bool IsResource(JsonObject node) =>
        node["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name.StartsWith("Microsoft.", StringComparison.Ordinal)
        && node["apiVersion"] is not null && node["existing"] is null;

    private static IEnumerable<JsonObject> Descendants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                yield return item;
                foreach (var (_, child) in item)
                {
                    foreach (var descendant in Descendants(child))
                    {
                        yield return descendant;
                    }
                }

                break;
            case JsonArray items:
                foreach (var child in items)
                {
                    foreach (var descendant in Descendants(child))
                    {
                        yield return descendant;
                    }
                }

                break;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "Compiled template";
}
