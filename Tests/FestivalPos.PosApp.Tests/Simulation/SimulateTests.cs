using System.Runtime.Versioning;
using System.Text.Json;
using FestivalPos.PosApp.Tests.Crash;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Simulation;

/// <summary>
/// The README's <c>posapp simulate</c>, run briefly as its own process against a real gateway over HTTPS: every sale it
/// reports approved is charged exactly once, no seq is charged twice, and nothing else is charged but unconfirmed sales.
/// Its stands' settlement equals the ledger's sums, refunds included. The organizer's secret comes from an owner-only file, the top-up client's from stdin. Unix file modes: not run on Windows.
/// </summary>
[Collection(PosSystemCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class SimulateTests(PosSystem system)
{
    [Fact]
    public async Task A_short_simulation_with_an_outage_charges_every_approved_sale_exactly_once()
    {
        var (summary, sales, _, output) = await SimulateAsync("--terminals", "3", "--offline-every", "4", "--offline-for", "2", "--seed", "7");
        summary.GetProperty("outages").GetInt32().Should().BeGreaterThanOrEqualTo(3, "each terminal goes offline once\n" + output);
        summary.GetProperty("approvedOffline").GetInt32().Should().BePositive(output);
        summary.GetProperty("approvedOnline").GetInt32().Should().BePositive(output);

        var charges = await ChargesAsync(summary);
        charges.Select(c => (c.DeviceId, c.Seq)).Should().OnlyHaveUniqueItems("no seq is charged twice\n" + output);
        foreach (var sale in sales.Where(s => s.Verdict == "approved"))
        {
            charges.Should().ContainSingle(c => c.DeviceId == sale.DeviceId && c.Seq == sale.Seq, output)
                .Which.Should().Be((sale.DeviceId, sale.Seq!.Value, sale.WalletId!, sale.Amount));
        }

        var unconfirmed = sales.Where(s => s.Verdict == "unconfirmed").Select(s => (s.DeviceId, s.Seq!.Value, s.WalletId!, s.Amount)).ToHashSet();
        charges.Where(c => !sales.Any(s => s.Verdict == "approved" && s.DeviceId == c.DeviceId && s.Seq == c.Seq) && !unconfirmed.Contains(c))
            .Should().BeEmpty("a charge for a sale not reported approved is only an unconfirmed one the sync settled\n" + output);
    }

    [Fact]
    public async Task Settlement_by_stand_equals_the_ledgers_sums_after_a_simulated_festival_day_with_refunds()
    {
        var (summary, sales, refunds, output) = await SimulateAsync(
            "--terminals", "4", "--stands", "2", "--offline-every", "3", "--offline-for", "1", "--refund-every", "1", "--seed", "11");
        var charges = await ChargesAsync(summary);
        var charged = charges.Select(c => (c.DeviceId, c.Seq)).ToHashSet();
        var linesCharged = sales.Where(s => s.Seq is { } seq && charged.Contains((s.DeviceId, seq))).ToList();
        linesCharged.Should().NotBeEmpty(output);
        summary.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).Should().BeEquivalentTo(["beer", "fries", "lemonade"], output);
        var applied = AppliedRefunds(summary, sales, refunds, output);
        (await WalletRefundsAsync(summary)).Should().BeEquivalentTo(applied.Select(r => (r.RefundId, r.WalletId, r.Amount)), "the wallets refunded what the cashiers were told\n" + output);

        var report = await system.SettlementByStandAsync();

        foreach (var stand in summary.GetProperty("stands").EnumerateArray())
        {
            var devices = stand.GetProperty("devices").EnumerateArray().Select(d => d.GetString()!).ToHashSet();
            var lines = linesCharged.Where(s => devices.Contains(s.DeviceId)).SelectMany(s => s.Lines!).ToList();
            long Sum(string kind) => lines.Where(l => l.Kind == kind).Sum(l => l.Quantity * l.UnitPrice);
            var grossSales = charges.Where(c => devices.Contains(c.DeviceId)).Sum(c => c.Amount);
            var refunded = applied.Where(r => devices.Contains(r.DeviceId)).Sum(r => r.Amount);
            var expected = new
            {
                Charges = (long)charges.Count(c => devices.Contains(c.DeviceId)),
                GrossSales = grossSales,
                Refunds = refunded,
                NetSales = grossSales - refunded,
                ItemSales = Sum("item"),
                Deposits = Sum("deposit"),
                Tips = Sum("tip"),
                Unitemized = 0L,
            };
            report.Rows.Should().ContainSingle(r => r.Key == stand.GetProperty("standId").GetString(), output)
                .Which.Should().BeEquivalentTo(expected, o => o.ExcludingMissingMembers(), output);
        }

        report.Rows.Where(r => r.Key.StartsWith(summary.GetProperty("run").GetString()!, StringComparison.Ordinal)).Should().HaveCount(2);
    }

    /// <summary>
    /// The refunds the log says were applied, each refundId once, after checking the log against the summary: refunds of
    /// each kind (whole, part, cups), each of an approved sale of its device and wallet, a cup return the deposit of cups that sale charged.
    /// </summary>
    private static List<LoggedRefund> AppliedRefunds(JsonElement summary, List<LoggedSale> sales, List<LoggedRefund> refunds, string output)
    {
        var answers = refunds.GroupBy(r => r.RefundId).Select(g => g.Last()).ToList();
        answers.Should().HaveCount(summary.GetProperty("refunds").GetInt32(), output);
        answers.Should().NotContain(r => r.Verdict == "unconfirmed", "every lost answer was asked again\n" + output);
        var applied = answers.Where(r => r.Verdict == "refunded").ToList();
        applied.Should().HaveCount(summary.GetProperty("refundsApplied").GetInt32(), output);
        applied.Sum(r => r.Amount).Should().Be(summary.GetProperty("refundedAmount").GetInt64(), output);
        foreach (var refund in applied)
        {
            var sale = sales.Should().ContainSingle(s => s.DeviceId == refund.DeviceId && s.Seq == refund.Seq, output).Which;
            (sale.Verdict, sale.Mode, sale.WalletId).Should().Be(("approved", "online", refund.WalletId), output);
            var cupsCharged = sale.Lines!.Where(l => l.Kind == "deposit" && l.Quantity > 0).ToList();
            if (refund.Cups is { } cups)
            {
                cupsCharged.Sum(l => l.Quantity).Should().BeGreaterThanOrEqualTo(cups, output);
                refund.Amount.Should().Be(cups * cupsCharged[0].UnitPrice, output);
            }
        }

        applied.Should().Contain(r => r.Cups == null && r.Amount == sales.Single(s => s.DeviceId == r.DeviceId && s.Seq == r.Seq).Amount, "a whole sale refunded\n" + output)
            .And.Contain(r => r.Cups == null && r.Amount < sales.Single(s => s.DeviceId == r.DeviceId && s.Seq == r.Seq).Amount, "part of a sale refunded\n" + output)
            .And.Contain(r => r.Cups > 0, "cups given back against the sale that charged them\n" + output);
        return applied;
    }

    /// <summary>Runs the README's <c>posapp simulate</c> for 5 s on 4 wallets; answers its summary, its sales log's sales and refunds, and what it printed.</summary>
    private async Task<(JsonElement Summary, List<LoggedSale> Sales, List<LoggedRefund> Refunds, string Output)> SimulateAsync(params string[] options)
    {
        await using var gateway = new TestGateway(system.Silo, https: true);
        gateway.UseKestrel();
        gateway.StartServer();
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"posapp-simulate-{Guid.NewGuid():N}")).FullName;
        try
        {
            var organizerSecret = Path.Combine(data, "organizer.secret");
            File.WriteAllText(organizerSecret, TestGateway.OrganizerSecret + "\n");
            File.SetUnixFileMode(organizerSecret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            using var simulate = new PosAppProcess(
                ["simulate", "--gateway", gateway.Url, "--gateway-cert", Path.Combine(gateway.DataPath, "gateway-https.pfx"),
                "--organizer-id", TestGateway.OrganizerId, "--organizer-secret-file", organizerSecret,
                "--topup-id", TestGateway.TopUpId, "--topup-secret-file", "-",
                "--wallets", "4", "--seconds", "5", "--sales-per-second", "2", "--data", data, .. options]);
            await simulate.Input.WriteLineAsync(TestGateway.TopUpSecret);
            simulate.Input.Close();
            await simulate.WaitAsync(TimeSpan.FromSeconds(120));

            var output = string.Join('\n', simulate.Lines);
            simulate.ExitCode.Should().Be(0, output);
            var summary = JsonDocument.Parse(simulate.Lines[^1]).RootElement.Clone();
            summary.GetProperty("backlog").GetInt32().Should().Be(0, output);
            var log = (await File.ReadAllLinesAsync(summary.GetProperty("salesLog").GetString()!)).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToLookup(l => l.GetProperty("kind").GetString());
            var sales = log["sale"].Select(line => line.Deserialize<LoggedSale>(Web)!).ToList();
            sales.Should().HaveCount(summary.GetProperty("sales").GetInt32());
            return (summary, sales, [.. log["refund"].Select(line => line.Deserialize<LoggedRefund>(Web)!)], output);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Every charge of the run's devices in the run's wallets, from the wallets' own histories.</summary>
    private async Task<List<(string DeviceId, long Seq, string WalletId, long Amount)>> ChargesAsync(JsonElement summary)
    {
        var charges = new List<(string DeviceId, long Seq, string WalletId, long Amount)>();
        var devices = summary.GetProperty("devices").EnumerateArray().Select(d => d.GetString()!).ToList();
        foreach (var walletId in summary.GetProperty("wallets").EnumerateArray().Select(w => w.GetString()!))
        {
            foreach (var deviceId in devices)
            {
                charges.AddRange((await system.ChargesAsync(walletId, deviceId)).Select(c => (deviceId, c.Seq, walletId, c.Amount)));
            }
        }

        return charges;
    }

    /// <summary>Every refund in the run's wallets, from their own histories.</summary>
    private async Task<List<(string RefundId, string WalletId, long Amount)>> WalletRefundsAsync(JsonElement summary)
    {
        var refunds = new List<(string RefundId, string WalletId, long Amount)>();
        foreach (var walletId in summary.GetProperty("wallets").EnumerateArray().Select(w => w.GetString()!))
        {
            refunds.AddRange((await system.RefundsAsync(walletId)).Select(r => (r.RefundId, walletId, r.Amount)));
        }

        return refunds;
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record LoggedSale(string DeviceId, long? Seq, string Verdict, string? Mode, string? WalletId, long Amount, string? Reason, SaleLine[]? Lines);

    private sealed record LoggedRefund(string DeviceId, long Seq, string RefundId, string Verdict, string? Status, string WalletId, long Amount, int? Cups);
}
