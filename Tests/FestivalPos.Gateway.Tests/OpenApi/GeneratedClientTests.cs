using System.Reflection;
using System.Runtime.Loader;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace FestivalPos.Gateway.Tests.OpenApi;

/// <summary>
/// A client generated from the document drives the API as a vendor's would: NSwag writes C# from the
/// running gateway's /openapi/v1.json, Roslyn compiles it with <c>GeneratedClient/ClientScenarios.cs</c>,
/// and the scenarios call the gateway through the generated methods and types.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class GeneratedClientTests(GatewayFixture fixture)
{
    private const string Namespace = "FestivalPos.Generated";

    /// <summary>What the SDK's implicit usings give a vendor's project.</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public async Task A_client_generated_from_the_document_gets_tokens_creates_wallets_tops_up_charges_and_reads_problems()
    {
        var source = await GenerateClientAsync(await fixture.Management().GetStringAsync("/openapi/v1.json"));
        var context = new AssemblyLoadContext("generated-client", isCollectible: true);
        try
        {
            var scenarios = Compile(context, source, Scenarios(), ImplicitUsings).GetType($"{Namespace}.ClientScenarios", throwOnError: true)!;
            var run = (Func<Func<HttpClient>, string, string, string, string, Task>)scenarios.GetMethod("RunAsync")!
                .CreateDelegate(typeof(Func<Func<HttpClient>, string, string, string, string, Task>));

            await run(() => fixture.Gateway.CreateClient(), GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        }
        finally
        {
            context.Unload();
        }
    }

    public static async Task<string> GenerateClientAsync(string json)
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "FestivalPosClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            CSharpGeneratorSettings = { Namespace = Namespace, JsonLibrary = CSharpJsonLibrary.SystemTextJson },
        };
        return new CSharpClientGenerator(document, settings).GenerateFile();
    }

    private static string Scenarios()
    {
        using var stream = typeof(GeneratedClientTests).Assembly.GetManifestResourceStream("GeneratedClient.ClientScenarios.cs")!;
        return new StreamReader(stream).ReadToEnd();
    }

    /// <summary>The generated client and the scenarios as one assembly, against the runtime and FluentAssertions only.</summary>
    private static Assembly Compile(AssemblyLoadContext context, params string[] sources)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.GetFiles(runtime, "*.dll")
            .Where(path => !Path.GetFileName(path).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal) && IsManaged(path))
            .Append(typeof(FluentAssertions.AssertionExtensions).Assembly.Location)
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create(
            $"GeneratedClient{Guid.NewGuid():N}",
            sources.Select(source => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).Select(diagnostic => diagnostic.ToString()).ToList();
        errors.Should().BeEmpty("the generated client and the scenarios must compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
