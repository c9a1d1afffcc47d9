using System.Collections.Concurrent;

namespace FestivalPos.Load.Harness;

/// <summary>A money movement the system acknowledged (or whose outcome stayed unknown).</summary>
public readonly record struct Movement(string Id, int Wallet, long Amount);

/// <summary>
/// Everything the system answered, kept to check it afterwards: acknowledged charges and top-ups,
/// declined charges (which must move nothing), and requests whose outcome stayed unknown.
/// </summary>
public sealed class Book
{
    public ConcurrentQueue<Movement> Charges { get; } = new();

    public ConcurrentQueue<Movement> Topups { get; } = new();

    public ConcurrentQueue<string> Declined { get; } = new();

    /// <summary>Charges and top-ups sent but never answered: they may or may not have been applied.</summary>
    public ConcurrentDictionary<string, Movement> Unknown { get; } = new();

    public ConcurrentDictionary<string, long> Errors { get; } = new();

    /// <summary>Repeats whose answer differed from the first one: a broken idempotency promise.</summary>
    public ConcurrentQueue<string> DuplicateMismatches { get; } = new();

    public long DuplicatesSent;

    public void Error(string kind) => Errors.AddOrUpdate(kind, 1, (_, count) => count + 1);
}
