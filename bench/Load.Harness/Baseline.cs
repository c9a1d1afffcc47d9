using System.Diagnostics;
using HdrHistogram;
using Npgsql;

namespace FestivalPos.Load.Harness;

/// <summary>
/// The straightforward design, for comparison: each charge is one PostgreSQL transaction (lock the
/// wallet row, check the balance, insert the ledger row, update the balance, commit with
/// synchronous_commit on), at the same concurrency and with the same wallets and popularity.
/// </summary>
public sealed class Baseline(string connectionString, HarnessOptions options, CpuMeter cpu)
{
    public async Task<(RunResult Result, bool MoneyConserved)> RunAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = options.Terminals + 5,
            MinPoolSize = 0,
            MaxAutoPrepare = 8,
            AutoPrepareMinUsages = 1,
            Pooling = true,
        };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var setup = dataSource.CreateCommand("""
            DROP TABLE IF EXISTS ledger; DROP TABLE IF EXISTS wallets;
            CREATE TABLE wallets (wallet_id text PRIMARY KEY, balance bigint NOT NULL);
            CREATE TABLE ledger (device_id text NOT NULL, seq bigint NOT NULL, wallet_id text NOT NULL, amount bigint NOT NULL,
                                 created_at timestamptz NOT NULL, PRIMARY KEY (device_id, seq));
            SET synchronous_commit = on;
            """))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var seed = dataSource.CreateCommand("INSERT INTO wallets SELECT 'w' || i, $1 FROM generate_series(0, $2 - 1) AS i"))
        {
            seed.Parameters.AddWithValue(Fleet.InitialTopup);
            seed.Parameters.AddWithValue(options.Wallets);
            await seed.ExecuteNonQueryAsync();
        }

        var zipf = new Zipf(options.Wallets, options.Zipf);
        var histograms = new LongHistogram[options.Terminals];
        var counts = new long[options.Terminals];
        var approvedTotal = new long[options.Terminals];
        var clock = Stopwatch.StartNew();
        var warmup = TimeSpan.FromSeconds(Math.Min(options.Warmup, 2));
        var end = warmup + TimeSpan.FromSeconds(options.BaselineSeconds);
        CpuSample? start = null;
        var sampler = Task.Run(async () =>
        {
            await Task.Delay(warmup);
            start = cpu.Take();
        });
        await Task.WhenAll(Enumerable.Range(0, options.Terminals).Select(worker => Task.Run(async () =>
        {
            var histogram = histograms[worker] = RunResult.NewHistogram();
            var random = new Random(worker * 7919 + 17);
            var deviceId = $"t{worker}";
            long seq = 0;
            while (clock.Elapsed < end)
            {
                var wallet = Fleet.WalletId(zipf.Next(random));
                var amount = random.Next(100, 1001);
                var begin = clock.Elapsed;
                if (await ChargeAsync(dataSource, deviceId, ++seq, wallet, amount))
                {
                    approvedTotal[worker] += amount;
                }

                if (begin >= warmup && clock.Elapsed <= end)
                {
                    histogram.RecordValue(Math.Max(1, (long)(clock.Elapsed - begin).TotalMicroseconds));
                    counts[worker]++;
                }
            }
        })));
        await sampler;
        var result = new RunResult { Name = "plain PostgreSQL, one transaction per charge", Seconds = options.BaselineSeconds, Cpu = CpuMeter.Between(start!.Value, cpu.Take()) };
        result.Charges = counts.Sum();
        foreach (var histogram in histograms)
        {
            result.Latency.Add(histogram);
        }

        await using var check = dataSource.CreateCommand("SELECT (SELECT sum(balance) FROM wallets), (SELECT coalesce(sum(amount), 0) FROM ledger)");
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        var balances = reader.GetDecimal(0);
        var charged = reader.GetDecimal(1);
        var conserved = balances + charged == (decimal)Fleet.InitialTopup * options.Wallets && charged == approvedTotal.Sum();
        return (result, conserved);
    }

    private static async Task<bool> ChargeAsync(NpgsqlDataSource dataSource, string deviceId, long seq, string walletId, long amount)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var select = new NpgsqlCommand("SELECT balance FROM wallets WHERE wallet_id = $1 FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue(walletId);
            var balance = (long)(await select.ExecuteScalarAsync())!;
            if (balance < amount)
            {
                await transaction.CommitAsync();
                return false;
            }
        }

        await using (var insert = new NpgsqlCommand("INSERT INTO ledger (device_id, seq, wallet_id, amount, created_at) VALUES ($1, $2, $3, $4, now())", connection, transaction))
        {
            insert.Parameters.AddWithValue(deviceId);
            insert.Parameters.AddWithValue(seq);
            insert.Parameters.AddWithValue(walletId);
            insert.Parameters.AddWithValue(amount);
            await insert.ExecuteNonQueryAsync();
        }

        await using (var update = new NpgsqlCommand("UPDATE wallets SET balance = balance - $2 WHERE wallet_id = $1", connection, transaction))
        {
            update.Parameters.AddWithValue(walletId);
            update.Parameters.AddWithValue(amount);
            await update.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return true;
    }
}
