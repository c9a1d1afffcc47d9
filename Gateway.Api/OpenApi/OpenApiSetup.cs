namespace FestivalPos.Gateway.Api.OpenApi;

public static class OpenApiSetup
{
    /// <summary>The document at /openapi/v1.json: bearer security, every status each operation answers, ProblemDetails and examples.</summary>
    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddOperationTransformer<OperationTransformer>();
        options.AddDocumentTransformer<DocumentTransformer>();
    });
}
