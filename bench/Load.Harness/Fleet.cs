using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

using FestivalPos.Wire.Contracts;

namespace FestivalPos.Load.Harness;

/// <summary>One simulated POS terminal: its enrollment, token, signing key and seq counter.</summary>
public sealed class Terminal(int index, string deviceId, string token, byte[] signingKey)
{
    public int Index { get; } = index;

    public string DeviceId { get; } = deviceId;

    public string Token { get; } = token;

    public byte[] SigningKey { get; } = signingKey;

    public long Seq;

    public int Topups;

    public Random Random { get; } = new(index * 7919 + 17);

    public string Sign(long seq, string walletId, long amount, string createdAt, CredentialBody credential) =>
        Wire.OfflineSignature.Sign(SigningKey, DeviceId, seq, walletId, amount, createdAt, credential.Type, credential.Value);
}

/// <summary>What one timed run measured.</summary>
public sealed class RunResult
{
    public required string Name { get; init; }

    public double Seconds { get; set; }

    public long Charges { get; set; }

    public long Requests { get; set; }

    public LongHistogram Latency { get; } = NewHistogram();

    public CpuShare Cpu { get; set; }

    public double ChargesPerSecond => Seconds > 0 ? Charges / Seconds : 0;

    public double Ms(double percentile) => Latency.TotalCount == 0 ? 0 : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Latency.TotalCount == 0 ? 0 : Latency.GetMaxValue() / 1000.0;

    public static LongHistogram NewHistogram() => new(1, 120_000_000, 3);
}

/// <summary>The wallets and terminals under load, and the scenarios they play.</summary>
public sealed class Fleet(Api api, HarnessOptions options, Book book, CpuMeter cpu)
{
    public const long InitialTopup = 10_000_000;

    /// <summary>Terminals are enrolled with the largest offline limit: the offline phase sends hot wallets far more than a bar would.</summary>
    public const long OfflineMaxPerWallet = Grains.Interfaces.LedgerLimits.MaxAmount;
    private readonly Zipf _zipf = new(options.Wallets, options.Zipf);
    private string _organizer = "";
    private string _topup = "";

    public List<Terminal> Terminals { get; } = [];

    /// <summary>The stand terminal <paramref name="index"/> is enrolled at: 40 stands.</summary>
    public static string StandOf(int index) => $"stand-{index % 40}";

    public string OrganizerToken => _organizer;

    public double TopWalletShare => _zipf.TopShare;

    public static string WalletId(int wallet) => $"w{wallet}";

    public static string Uid(int wallet) => $"U{wallet:X10}";

    /// <summary>Wallets with a wristband and a first top-up, and enrolled terminals with their tokens.</summary>
    public async Task SetUpAsync(string organizerSecret, string topupSecret)
    {
        _organizer = (await api.TokenAsync("organizer", organizerSecret)).AccessToken;
        _topup = (await api.TokenAsync("topup", topupSecret)).AccessToken;

        // Wallets mostly cost the silo and PostgreSQL, enrollments the gateway (secret hashing): side by side.
        await Task.WhenAll(SetUpWalletsAsync(), EnrollTerminalsAsync());
    }

    private async Task SetUpWalletsAsync()
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Wallets), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (wallet, _) =>
        {
            await RetryAsync(async () =>
            {
                try
                {
                    await api.SendAsync<CreateWalletRequest, WalletResponse>(HttpMethod.Post, "api/v1/wallets", _organizer, new CreateWalletRequest(WalletId(wallet)), ApiJson.Default.CreateWalletRequest, null);
                }
                catch (ApiException exception) when (exception.Kind == "http-409")
                {
                    // Created by an earlier attempt whose answer was lost.
                }

                return true;
            });
            await RetryAsync(async () =>
            {
                await api.SendAsync<LinkWristbandRequest, WalletResponse>(HttpMethod.Post, $"api/v1/wallets/{WalletId(wallet)}/wristbands", _organizer, new LinkWristbandRequest(Uid(wallet)), ApiJson.Default.LinkWristbandRequest, null);
                return true;
            });
            var topupId = $"init-{wallet}";
            await RetryAsync(() => api.SendAsync(HttpMethod.Post, "api/v1/topups", _topup, new TopUpRequest(topupId, WalletId(wallet), InitialTopup), ApiJson.Default.TopUpRequest, ApiJson.Default.TopUpResponse));
            book.Topups.Enqueue(new Movement(topupId, wallet, InitialTopup));
        });
        SetupTimes.Wallets = clock.Elapsed;
    }

    private async Task EnrollTerminalsAsync()
    {
        var clock = Stopwatch.StartNew();
        var terminals = new Terminal[options.Terminals];
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Terminals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (index, _) =>
        {
            var deviceId = $"t{index}-{Environment.ProcessId}";
            var enrolled = await RetryAsync(() => api.SendAsync(HttpMethod.Post, "api/v1/devices", _organizer, new EnrollDeviceRequest(deviceId, StandOf(index), OfflineMaxPerWallet), ApiJson.Default.EnrollDeviceRequest, ApiJson.Default.EnrolledDevice));
            var token = await RetryAsync(() => api.TokenAsync(enrolled.ClientId, enrolled.ClientSecret));
            terminals[index] = new Terminal(index, deviceId, token.AccessToken, Convert.FromBase64String(enrolled.SigningKey));
        });
        Terminals.AddRange(terminals);
        SetupTimes.Terminals = clock.Elapsed;
    }

    /// <summary>How long the two parts of the setup took (they run side by side).</summary>
    public (TimeSpan Wallets, TimeSpan Terminals) SetupTimes;

    /// <summary>Closed loop: every terminal sends its next request as soon as the last one is answered.</summary>
    public async Task<RunResult> SaturateAsync(int warmupSeconds, int seconds, bool mixed)
    {
        var result = new RunResult { Name = mixed ? "online, saturated" : "online charges, saturated" };
        var clock = Stopwatch.StartNew();
        var measureFrom = TimeSpan.FromSeconds(warmupSeconds);
        var end = TimeSpan.FromSeconds(warmupSeconds + seconds);
        var histograms = new LongHistogram[Terminals.Count];
        var counts = new long[Terminals.Count];
        CpuSample? start = null;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(measureFrom);
            start = cpu.Take();
        });
        await Task.WhenAll(Terminals.Select(terminal => Task.Run(async () =>
        {
            var histogram = histograms[terminal.Index] = RunResult.NewHistogram();
            while (clock.Elapsed < end)
            {
                var roll = terminal.Random.NextDouble();
                if (mixed && roll < options.TopupShare)
                {
                    await TopUpAsync(terminal);
                }
                else if (mixed && roll < options.TopupShare + options.BatchShare)
                {
                    await SendBatchAsync(terminal, BuildBatch(terminal, options.MixedBatchSize));
                }
                else
                {
                    var begin = clock.Elapsed;
                    if (await ChargeAsync(terminal) && begin >= measureFrom && clock.Elapsed <= end)
                    {
                        histogram.RecordValue(Math.Max(1, (long)((clock.Elapsed - begin).TotalMicroseconds)));
                        counts[terminal.Index]++;
                    }
                }
            }
        })));
        await sampler;
        result.Cpu = CpuMeter.Between(start!.Value, cpu.Take());
        result.Seconds = seconds;
        result.Charges = counts.Sum();
        foreach (var histogram in histograms)
        {
            result.Latency.Add(histogram);
        }

        return result;
    }

    /// <summary>Open loop at a fixed total rate: latency counts from when each charge was due, so queueing shows.</summary>
    public async Task<RunResult> PaceAsync(double chargesPerSecond, int seconds)
    {
        var result = new RunResult { Name = $"online charges at {chargesPerSecond:F0}/s" };
        var interval = TimeSpan.FromSeconds(Terminals.Count / chargesPerSecond);
        var histograms = new LongHistogram[Terminals.Count];
        var counts = new long[Terminals.Count];
        var start = cpu.Take();
        var clock = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Terminals.Select(terminal => Task.Run(async () =>
        {
            var histogram = histograms[terminal.Index] = RunResult.NewHistogram();
            var due = interval * terminal.Index / Terminals.Count;
            while (due < end)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                if (await ChargeAsync(terminal))
                {
                    histogram.RecordValue(Math.Max(1, (long)((clock.Elapsed - due).TotalMicroseconds)));
                    counts[terminal.Index]++;
                }

                due += interval;
            }
        })));
        result.Seconds = clock.Elapsed.TotalSeconds;
        result.Cpu = CpuMeter.Between(start, cpu.Take());
        result.Charges = counts.Sum();
        foreach (var histogram in histograms)
        {
            result.Latency.Add(histogram);
        }

        return result;
    }

    /// <summary>
    /// Offline catch-up: every terminal holds a signed backlog (built before the clock starts, as it
    /// was sold during the outage) and uploads it in batches, one after the other, all terminals at once.
    /// </summary>
    public async Task<RunResult> CatchUpAsync(int charges, int batchSize)
    {
        var result = new RunResult { Name = $"offline catch-up, {charges} charges in batches of {batchSize}" };
        var backlogs = Terminals.Select(terminal =>
        {
            var own = charges / Terminals.Count + (terminal.Index < charges % Terminals.Count ? 1 : 0);
            var batches = new List<(OfflineTransactionBody[] Transactions, int[] Wallets)>();
            for (var done = 0; done < own; done += batchSize)
            {
                batches.Add(BuildBatch(terminal, Math.Min(batchSize, own - done)));
            }

            return batches;
        }).ToArray();
        var start = cpu.Take();
        var clock = Stopwatch.StartNew();
        var applied = new long[Terminals.Count];
        await Task.WhenAll(Terminals.Select(terminal => Task.Run(async () =>
        {
            foreach (var batch in backlogs[terminal.Index])
            {
                var begin = clock.Elapsed;
                applied[terminal.Index] += await SendBatchAsync(terminal, batch);
                result.Latency.RecordValue(Math.Max(1, (long)(clock.Elapsed - begin).TotalMicroseconds));
            }
        })));
        result.Seconds = clock.Elapsed.TotalSeconds;
        result.Cpu = CpuMeter.Between(start, cpu.Take());
        result.Charges = applied.Sum();
        result.Requests = backlogs.Sum(b => b.Count);
        return result;
    }

    private (OfflineTransactionBody[] Transactions, int[] Wallets) BuildBatch(Terminal terminal, int size)
    {
        var transactions = new OfflineTransactionBody[size];
        var wallets = new int[size];
        var createdAt = Wire.WireTime.Format(DateTimeOffset.UtcNow);
        for (var i = 0; i < size; i++)
        {
            var seq = ++terminal.Seq;
            var wallet = wallets[i] = _zipf.Next(terminal.Random);
            var amount = terminal.Random.Next(100, 1001);
            var walletId = WalletId(wallet);
            var credential = new CredentialBody("nfc", Uid(wallet));
            transactions[i] = new OfflineTransactionBody(seq, walletId, amount, createdAt, credential, terminal.Sign(seq, walletId, amount, createdAt, credential));
        }

        return (transactions, wallets);
    }

    /// <summary>Sends a batch (and, as a flaky network does, sometimes again); answers how many charges it applied.</summary>
    private async Task<long> SendBatchAsync(Terminal terminal, (OfflineTransactionBody[] Transactions, int[] Wallets) batch)
    {
        var path = $"api/v1/devices/{terminal.DeviceId}/batches";
        var body = new BatchRequest(batch.Transactions);
        BatchResponse answer;
        try
        {
            answer = await RetryAsync(() => api.SendAsync(HttpMethod.Post, path, terminal.Token, body, ApiJson.Default.BatchRequest, ApiJson.Default.BatchResponse));
        }
        catch (ApiException)
        {
            for (var i = 0; i < batch.Transactions.Length; i++)
            {
                var t = batch.Transactions[i];
                book.Unknown[$"{terminal.DeviceId}:{t.Seq}"] = new Movement($"{terminal.DeviceId}:{t.Seq}", batch.Wallets[i], t.Amount);
            }

            return 0;
        }

        long applied = 0;
        var bySeq = answer.Results.ToDictionary(r => r.Seq);
        for (var i = 0; i < batch.Transactions.Length; i++)
        {
            var t = batch.Transactions[i];
            var txId = $"{terminal.DeviceId}:{t.Seq}";
            if (bySeq.TryGetValue(t.Seq, out var r) && r.Status is "applied" or "duplicate")
            {
                book.Charges.Enqueue(new Movement(txId, batch.Wallets[i], t.Amount));
                applied++;
            }
            else
            {
                book.Error($"offline-{r?.Status ?? "missing"}-{r?.Reason}");
            }
        }

        if (terminal.Random.NextDouble() < options.DuplicateShare)
        {
            Interlocked.Increment(ref book.DuplicatesSent);
            try
            {
                var again = await RetryAsync(() => api.SendAsync(HttpMethod.Post, path, terminal.Token, body, ApiJson.Default.BatchRequest, ApiJson.Default.BatchResponse));
                foreach (var r in again.Results)
                {
                    var expected = bySeq[r.Seq].Status == "rejected" ? "rejected" : "duplicate";
                    if (r.Status != expected)
                    {
                        book.DuplicateMismatches.Enqueue($"batch {terminal.DeviceId}:{r.Seq} answered {r.Status} when sent again");
                    }
                }
            }
            catch (ApiException)
            {
                // The repeat's answer is lost; the first answer stands.
            }
        }

        return applied;
    }

    /// <summary>One online charge (sometimes sent twice); true when it was decided (approved or declined).</summary>
    private async Task<bool> ChargeAsync(Terminal terminal)
    {
        var seq = ++terminal.Seq;
        var wallet = _zipf.Next(terminal.Random);
        var amount = terminal.Random.Next(100, 1001);
        var txId = $"{terminal.DeviceId}:{seq}";
        var path = $"api/v1/devices/{terminal.DeviceId}/payments";
        var body = new PaymentRequest(seq, WalletId(wallet), amount, new CredentialBody("nfc", Uid(wallet)),
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        PaymentResponse answer;
        try
        {
            answer = await RetryAsync(() => api.SendAsync(HttpMethod.Post, path, terminal.Token, body, ApiJson.Default.PaymentRequest, ApiJson.Default.PaymentResponse));
        }
        catch (ApiException)
        {
            book.Unknown[txId] = new Movement(txId, wallet, amount);
            return false;
        }

        if (answer.Status == "approved")
        {
            book.Charges.Enqueue(new Movement(txId, wallet, amount));
        }
        else
        {
            book.Declined.Enqueue(txId);
            book.Error($"declined-{answer.Reason}");
        }

        if (terminal.Random.NextDouble() < options.DuplicateShare)
        {
            Interlocked.Increment(ref book.DuplicatesSent);
            try
            {
                var again = await RetryAsync(() => api.SendAsync(HttpMethod.Post, path, terminal.Token, body, ApiJson.Default.PaymentRequest, ApiJson.Default.PaymentResponse));
                if (again != answer)
                {
                    book.DuplicateMismatches.Enqueue($"charge {txId}: first {answer}, then {again}");
                }
            }
            catch (ApiException)
            {
            }
        }

        return true;
    }

    private async Task TopUpAsync(Terminal terminal)
    {
        var wallet = _zipf.Next(terminal.Random);
        var topupId = $"top-{terminal.DeviceId}-{++terminal.Topups}";
        var body = new TopUpRequest(topupId, WalletId(wallet), 20_000);
        TopUpResponse answer;
        try
        {
            answer = await RetryAsync(() => api.SendAsync(HttpMethod.Post, "api/v1/topups", _topup, body, ApiJson.Default.TopUpRequest, ApiJson.Default.TopUpResponse));
        }
        catch (ApiException)
        {
            book.Unknown[topupId] = new Movement(topupId, wallet, body.Amount);
            return;
        }

        book.Topups.Enqueue(new Movement(topupId, wallet, body.Amount));
        if (terminal.Random.NextDouble() < options.DuplicateShare)
        {
            Interlocked.Increment(ref book.DuplicatesSent);
            try
            {
                var again = await RetryAsync(() => api.SendAsync(HttpMethod.Post, "api/v1/topups", _topup, body, ApiJson.Default.TopUpRequest, ApiJson.Default.TopUpResponse));
                if (again.Status != "duplicate")
                {
                    book.DuplicateMismatches.Enqueue($"top-up {topupId} answered {again.Status} when sent again");
                }
            }
            catch (ApiException)
            {
            }
        }
    }

    /// <summary>Sends again while the outcome is unknown or the system asks for a retry (every call is idempotent by its id).</summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> send)
    {
        var deadline = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await send();
            }
            catch (ApiException exception)
            {
                book.Error(exception.Kind);
                if (!exception.Transient || deadline.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 20 * attempt)));
            }
        }
    }
}
