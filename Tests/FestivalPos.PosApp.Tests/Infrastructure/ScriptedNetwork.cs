using System.Net.Sockets;
using System.Text.Json;

namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>One request the network sees: its path and, for a JSON body, the body.</summary>
public sealed record SeenRequest(string Path, JsonElement? Body)
{
    public bool IsPayment => Path.EndsWith("/payments", StringComparison.Ordinal);

    public bool IsSnapshot => Path.Contains("/offline-snapshot", StringComparison.Ordinal);

    public long? Amount => Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("amount", out var amount) ? amount.GetInt64() : null;
}

/// <summary>
/// A terminal's HTTP transport for deterministic interleavings: a request matching a <see cref="Hold"/> waits
/// at it until the test says what happens to it (fail before leaving, go through, or go through and lose its answer).
/// Every other request goes straight through.
/// </summary>
public sealed class ScriptedNetwork() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly List<Hold> _holds = [];
    private readonly Lock _gate = new();

    /// <summary>The next request matching <paramref name="match"/> that no earlier hold took stops here.</summary>
    public Hold Hold(Func<SeenRequest, bool> match)
    {
        var hold = new Hold(match);
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new SeenRequest(request.RequestUri!.AbsolutePath, text is { Length: > 0 } ? JsonDocument.Parse(text).RootElement.Clone() : null);
        Hold? hold;
        lock (_gate)
        {
            hold = _holds.FirstOrDefault(h => !h.Taken && h.Matches(seen));
            hold?.Take(seen);
        }

        if (hold is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        // The test decides when; the terminal's own time budget does not cut the choreography short.
        switch (await hold.Decision)
        {
            case HoldDecision.FailBeforeSending:
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Scripted: no connection.", new SocketException((int)SocketError.ConnectionRefused));
            case HoldDecision.LoseAnswer:
                using (await base.SendAsync(request, CancellationToken.None))
                {
                    throw new IOException("Scripted: the answer was lost.");
                }

            default:
                return await base.SendAsync(request, CancellationToken.None);
        }
    }
}

public enum HoldDecision
{
    Forward,
    FailBeforeSending,
    LoseAnswer,
}

public sealed class Hold(Func<SeenRequest, bool> match)
{
    private readonly TaskCompletionSource<SeenRequest> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<HoldDecision> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a request stops here.</summary>
    public Task<SeenRequest> Reached => _reached.Task;

    public bool WasReached => _reached.Task.IsCompleted;

    internal bool Taken { get; private set; }

    internal Task<HoldDecision> Decision => _decision.Task;

    public void Forward() => _decision.TrySetResult(HoldDecision.Forward);

    public void FailBeforeSending() => _decision.TrySetResult(HoldDecision.FailBeforeSending);

    public void LoseAnswer() => _decision.TrySetResult(HoldDecision.LoseAnswer);

    internal bool Matches(SeenRequest request) => match(request);

    internal void Take(SeenRequest request)
    {
        Taken = true;
        _reached.TrySetResult(request);
    }
}
