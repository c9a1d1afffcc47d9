using Npgsql;

namespace FestivalPos.Load.Harness;

/// <summary>
/// After the runs, on a system the harness started (its ledger holds the harness's sales only): the projections, once
/// they reach the feed's head, equal the ledger's own sums, taken from the wallets' transactions and balances as the
/// verifier read them through the API: each stand's charges (count and amount) and the exposure (balances above and below zero).
/// </summary>
public sealed class ProjectionCheck(Api api, string organizerToken, string ledgerConnectionString)
{
    private const int MaxPolls = 1200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public List<string> Problems { get; } = [];

    /// <summary>Stands compared.</summary>
    public int Stands { get; private set; }

    public async Task<bool> VerifyAsync(IReadOnlyDictionary<string, (long Count, long Amount)> chargesByStand, IReadOnlyList<long> balances, DateTimeOffset soldFrom)
    {
        var head = await HeadAsync();
        var exposure = await UntilAsync(head, () => api.GetAsync("api/v1/reports/exposure", organizerToken, ApiJson.Default.ExposureReportResponse), r => r.ThroughPosition);
        Compare("outstanding balance (sum of balances above zero)", exposure.OutstandingBalance, balances.Where(b => b > 0).Sum());
        Compare("overdrawn wallets", exposure.OverdrawnWallets, balances.Count(b => b < 0));
        Compare("overdrawn amount (sum of balances below zero)", exposure.OverdrawnAmount, -balances.Where(b => b < 0).Sum());

        var from = Wire.WireTime.Format(soldFrom.AddHours(-1));
        var to = Wire.WireTime.Format(soldFrom.AddHours(23));
        foreach (var (standId, sold) in chargesByStand.OrderBy(stand => stand.Key, StringComparer.Ordinal))
        {
            var sales = await UntilAsync(head, () => api.GetAsync($"api/v1/reports/sales?standId={standId}&from={from}&to={to}", organizerToken, ApiJson.Default.SalesReportResponse),
                r => r.ThroughPosition);
            Compare($"{standId} charges", sales.Minutes.Sum(minute => minute.Count), sold.Count);
            Compare($"{standId} amount", sales.Minutes.Sum(minute => minute.Amount), sold.Amount);
            Stands++;
        }

        return Problems.Count == 0;
    }

    private void Compare(string figure, long projected, long ledger)
    {
        if (projected != ledger)
        {
            Problems.Add($"{figure}: the projection says {projected}, the ledger {ledger}");
        }
    }

    private async Task<long> HeadAsync()
    {
        await using var connection = new NpgsqlConnection(ledgerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT position FROM ledger_feed_head", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Asks again until the report is complete through <paramref name="head"/>: a bounded number of polls.</summary>
    private static async Task<T> UntilAsync<T>(long head, Func<Task<T>> read, Func<T, long> through)
    {
        for (var poll = 0; ; poll++)
        {
            var report = await read();
            if (through(report) >= head || poll == MaxPolls)
            {
                return through(report) >= head
                    ? report
                    : throw new InvalidOperationException($"The projection stayed at position {through(report)}, behind the ledger's {head}.");
            }

            await Task.Delay(PollInterval);
        }
    }
}
