using System.Text.Json;

namespace FestivalPos.PosApp.Gateway;

/// <summary>What became of one online charge request.</summary>
public enum OnlineOutcomeKind
{
    /// <summary>The gateway decided: approved or declined.</summary>
    Answered,

    /// <summary>404: the wallet does not exist; nothing was charged.</summary>
    WalletNotFound,

    /// <summary>The request never left the terminal (no connection, no token): nothing can have been charged.</summary>
    NotSent,

    /// <summary>Sent, but no answer (timeout, reset, 5xx): the server may or may not have charged.</summary>
    Unknown,

    /// <summary>Refused for a reason retrying will not fix (409, 400, 401 after a fresh token, 403).</summary>
    Refused,
}

public sealed record OnlineOutcome(OnlineOutcomeKind Kind, PaymentResponse? Answer = null, string? Problem = null);

/// <summary>The gateway could not be reached or did not answer in time.</summary>
public sealed class GatewayUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The gateway answered with an error that a retry will not fix.</summary>
public sealed class GatewayRefusedException(int status, string message, GatewayProblem? problem = null) : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>The ProblemDetails of the answer, when it carried one.</summary>
    public GatewayProblem? Problem { get; } = problem;
}

/// <summary>The parts of an RFC 7807 answer the terminal acts on: its <c>type</c>, the fields its <c>errors</c> name, and <c>maxBatchSize</c>.</summary>
public sealed record GatewayProblem(string? Type, IReadOnlyList<string> ErrorFields, long? MaxBatchSize)
{
    /// <summary>The problem in <paramref name="text"/>, or null when it is not a JSON object.</summary>
    public static GatewayProblem? Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            string[] fields = root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
                ? [.. errors.EnumerateObject().Select(p => p.Name)]
                : [];
            long? maxBatchSize = root.TryGetProperty("maxBatchSize", out var max) && max.ValueKind == JsonValueKind.Number && max.TryGetInt64(out var m) ? m : null;
            return new GatewayProblem(type, fields, maxBatchSize);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
