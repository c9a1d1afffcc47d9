using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using FestivalPos.Wire;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.EndToEnd.Tests;

public enum SaleMode
{
    Online = 0,
    Offline = 1,
}

/// <summary>A wallet paid with the wristband linked to it.</summary>
public sealed record TestWallet(string WalletId, string Uid);

/// <summary>One sale of a terminal: its seq is bound to this content for good, and every retry sends exactly this.</summary>
public sealed record Sale(string DeviceId, long Seq, string WalletId, long Amount, string Uid, string CreatedAt, SaleMode Mode, string? Signature)
{
    public string TxId => TxIdOf(DeviceId, Seq);

    public static string TxIdOf(string deviceId, long seq) => $"{deviceId}:{seq}";

    public OfflineTransactionBody ToOffline() => new(Seq, WalletId, Amount, CreatedAt, new CredentialBody("nfc", Uid), Signature!);
}

/// <summary>An enrolled terminal: its device token, signing key and seq counter (online and offline share the seqs).</summary>
public sealed class Terminal(string deviceId, ApiClient api, byte[] signingKey)
{
    private long _lastSeq;

    public string DeviceId => deviceId;

    public ApiClient Api => api;

    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public Sale Sell(SaleMode mode, TestWallet wallet, long amount)
    {
        var seq = Interlocked.Increment(ref _lastSeq);
        var createdAt = WireTime.Format(DateTimeOffset.UtcNow);
        var signature = mode == SaleMode.Offline
            ? OfflineSignature.Sign(signingKey, deviceId, seq, wallet.WalletId, amount, createdAt, "nfc", wallet.Uid)
            : null;
        return new Sale(deviceId, seq, wallet.WalletId, amount, wallet.Uid, createdAt, mode, signature);
    }
}

/// <summary>One HTTP request carrying sales (an online charge or an offline batch) and what became of it.</summary>
public sealed class Exchange(int id, Terminal terminal, IReadOnlyList<Sale> sales)
{
    public int Id => id;

    public Terminal Terminal => terminal;

    public IReadOnlyList<Sale> Sales => sales;

    public bool IsBatch => sales[0].Mode == SaleMode.Offline;

    public string Path => IsBatch ? $"api/v1/devices/{terminal.DeviceId}/batches" : $"api/v1/devices/{terminal.DeviceId}/payments";

    public object Body => IsBatch
        ? new BatchRequest([.. sales.Select(sale => sale.ToOffline())])
        : new PaymentRequest(sales[0].Seq, sales[0].WalletId, sales[0].Amount, new CredentialBody("nfc", sales[0].Uid), sales[0].CreatedAt);

    public int Attempts { get; set; }

    /// <summary>Why the last attempt's outcome is unknown (a 503, a timeout, a dropped connection); null once answered.</summary>
    public string? Unknown { get; set; }
}

/// <summary>One HTTP request: when it was sent, when it came back, and why its outcome is unknown (null: answered).</summary>
public sealed record Attempt(Exchange Exchange, DateTimeOffset SentAt, DateTimeOffset At, string? Unknown);

/// <summary>
/// Every request the terminals sent and every answer they got. A 200 is an answer; a 503, a 429, a 5xx, a
/// timeout or a connection error leaves the outcome unknown, and the request is kept to be sent again,
/// byte for byte, until it is answered. Anything else is unexpected and fails the test.
/// </summary>
public sealed class SalesBook
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, Sale> _sales = new();
    private readonly ConcurrentDictionary<string, string> _answers = new();
    private readonly ConcurrentDictionary<int, Exchange> _inFlight = new();
    private readonly ConcurrentDictionary<int, Exchange> _unanswered = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentDictionary<string, int> _unknownKinds = new();
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private int _exchanges;
    private int _requests;
    private int _answeredRequests;
    private int _unknownOutcomes;
    private long _lastUnknownTicks;

    public int Exchanges => Volatile.Read(ref _exchanges);

    /// <summary>HTTP requests sent, retries included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int AnsweredRequests => Volatile.Read(ref _answeredRequests);

    /// <summary>Requests whose outcome was unknown (each retry that failed again counts once more).</summary>
    public int UnknownOutcomes => Volatile.Read(ref _unknownOutcomes);

    public int Sales => _sales.Count;

    /// <summary>When the last unknown outcome came back (or was given up on), or null if none did.</summary>
    public DateTimeOffset? LastUnknownAt => Interlocked.Read(ref _lastUnknownTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public IReadOnlyDictionary<string, int> UnknownKinds => _unknownKinds;

    /// <summary>Every request sent, retries included, in the order they came back.</summary>
    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    /// <summary>The requests sent but not answered yet, at this moment.</summary>
    public IReadOnlyList<Exchange> InFlight() => [.. _inFlight.Values];

    public IReadOnlyList<Exchange> Unanswered() => [.. _unanswered.Values.OrderBy(exchange => exchange.Id)];

    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public string? AnswerOf(Sale sale) => _answers.GetValueOrDefault(sale.TxId);

    public IEnumerable<Sale> AllSales => _sales.Values;

    public Exchange Open(Terminal terminal, IReadOnlyList<Sale> sales)
    {
        foreach (var sale in sales)
        {
            _sales.TryAdd(sale.TxId, sale).Should().BeTrue($"seq {sale.TxId} is sold once");
        }

        return new Exchange(Interlocked.Increment(ref _exchanges), terminal, sales);
    }

    /// <summary>Sends the exchange once; true when it was answered.</summary>
    public async Task<bool> SendAsync(Exchange exchange)
    {
        Interlocked.Increment(ref _requests);
        exchange.Attempts++;
        _inFlight[exchange.Id] = exchange;
        var startedAt = DateTimeOffset.UtcNow;
        HttpStatusCode status;
        JsonObject? body;
        try
        {
            (status, body) = await exchange.Terminal.Api.SendAsync(HttpMethod.Post, exchange.Path, exchange.Body);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return MarkUnknown(exchange, exception is TaskCanceledException ? "timeout" : "connection error", startedAt);
        }
        finally
        {
            _inFlight.TryRemove(exchange.Id, out _);
        }

        if (status == HttpStatusCode.OK)
        {
            _attempts.Enqueue(new Attempt(exchange, startedAt, DateTimeOffset.UtcNow, null));
            Record(exchange, body!);
            return true;
        }

        if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests || (int)status >= 500)
        {
            var kind = body?["type"]?.GetValue<string>() is { } type ? type[(type.LastIndexOf(':') + 1)..] : "no problem type";
            return MarkUnknown(exchange, $"{(int)status} {kind}", startedAt);
        }

        _unexpected.Enqueue($"{exchange.Path} ({string.Join(",", exchange.Sales.Select(s => s.Seq))}) answered {(int)status}: {body?.ToJsonString()}");
        _unanswered.TryRemove(exchange.Id, out _);
        return true;
    }

    /// <summary>Sends every request whose outcome is unknown again, with the same seqs and content, until each is answered.</summary>
    public async Task<int> SettleUnknownAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var retried = 0;
        while (Unanswered() is { Count: > 0 } pending)
        {
            foreach (var exchange in pending)
            {
                retried++;
                await SendAsync(exchange);
            }

            // Checked after the round: a round that answered the last of them, late or not, settled them all.
            if (DateTime.UtcNow > deadline && Unanswered() is { Count: > 0 } still)
            {
                throw new TimeoutException($"{still.Count} requests still unanswered after {timeout}, for example {still[0].Path}: {still[0].Unknown}");
            }

            await Task.Delay(RetryDelay);
        }

        return retried;
    }

    private bool MarkUnknown(Exchange exchange, string why, DateTimeOffset startedAt)
    {
        _attempts.Enqueue(new Attempt(exchange, startedAt, DateTimeOffset.UtcNow, why));
        exchange.Unknown = why;
        _unanswered[exchange.Id] = exchange;
        _unknownKinds.AddOrUpdate(why, 1, (_, count) => count + 1);
        Interlocked.Increment(ref _unknownOutcomes);
        Interlocked.Exchange(ref _lastUnknownTicks, DateTimeOffset.UtcNow.UtcTicks);
        return false;
    }

    private void Record(Exchange exchange, JsonObject body)
    {
        Interlocked.Increment(ref _answeredRequests);
        exchange.Unknown = null;
        _unanswered.TryRemove(exchange.Id, out _);
        if (!exchange.IsBatch)
        {
            var sale = exchange.Sales[0];
            body["txId"]!.GetValue<string>().Should().Be(sale.TxId);
            Answer(sale, body["status"]!.GetValue<string>(), body["reason"]?.GetValue<string>());
            return;
        }

        var results = body["results"]!.AsArray();
        results.Select(result => result!["seq"]!.GetValue<long>()).Order().Should().Equal(exchange.Sales.Select(sale => sale.Seq).Order(), "a batch answers each of its transactions");
        foreach (var result in results)
        {
            var sale = exchange.Sales.Single(s => s.Seq == result!["seq"]!.GetValue<long>());
            Answer(sale, result!["status"]!.GetValue<string>(), result["reason"]?.GetValue<string>());
        }
    }

    private void Answer(Sale sale, string status, string? reason)
    {
        var answer = reason is null ? status : $"{status}:{reason}";
        if (!_answers.TryAdd(sale.TxId, answer))
        {
            _unexpected.Enqueue($"{sale.TxId} was answered twice: {_answers[sale.TxId]}, then {answer}");
        }
    }
}
