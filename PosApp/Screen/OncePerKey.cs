namespace FestivalPos.PosApp.Screen;

/// <summary>
/// Runs the cashier's actions one at a time and remembers the answer of each by the key the screen gave it, so an
/// action sent twice (a double tap, a request the browser sent again) is answered from the first and never done twice.
/// An action that throws is not remembered: it did nothing, and may be sent again.
/// </summary>
public sealed class OncePerKey
{
    public const int MaxKeyLength = 64;

    private const int Remembered = 256;

    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly Dictionary<string, object> _answers = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> action, CancellationToken cancellation)
        where T : class
    {
        if (key is not { Length: > 0 and <= MaxKeyLength })
        {
            throw new PosException(ExitCodes.BadInput, $"The screen's key for this action must be 1 to {MaxKeyLength} characters.");
        }

        await _one.WaitAsync(cancellation);
        try
        {
            if (_answers.TryGetValue(key, out var earlier))
            {
                return earlier as T ?? throw new PosException(ExitCodes.BadInput, $"Key '{key}' was used for another kind of action.");
            }

            var answer = await action();
            _answers[key] = answer;
            _order.Enqueue(key);
            if (_order.Count > Remembered)
            {
                _answers.Remove(_order.Dequeue());
            }

            return answer;
        }
        finally
        {
            _one.Release();
        }
    }
}
