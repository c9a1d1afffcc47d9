using System.Runtime.Versioning;
using System.Text.Json;
using FestivalPos.PosApp.Tests.Crash;
using FestivalPos.PosApp.Tests.Infrastructure;

namespace FestivalPos.PosApp.Tests.Simulation;

/// <summary>
/// The README's <c>posapp simulate</c>, run briefly as its own process against a real gateway over HTTPS: every sale it
/// reports approved is charged exactly once, no seq is charged twice, and nothing else is charged but unconfirmed sales.
/// The organizer's secret comes from an owner-only file, the top-up client's from stdin. Unix file modes: not run on Windows.
/// </summary>
[Collection(PosSystemCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class SimulateTests(PosSystem system)
{
    [Fact]
    public async Task A_short_simulation_with_an_outage_charges_every_approved_sale_exactly_once()
    {
        await using var gateway = new TestGateway(system.Silo, https: true);
        gateway.UseKestrel();
        gateway.StartServer();
        var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"posapp-simulate-{Guid.NewGuid():N}")).FullName;
        var organizerSecret = Path.Combine(data, "organizer.secret");
        File.WriteAllText(organizerSecret, TestGateway.OrganizerSecret + "\n");
        File.SetUnixFileMode(organizerSecret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var simulate = new PosAppProcess(
            "simulate", "--gateway", gateway.Url, "--gateway-cert", Path.Combine(gateway.DataPath, "gateway-https.pfx"),
            "--organizer-id", TestGateway.OrganizerId, "--organizer-secret-file", organizerSecret,
            "--topup-id", TestGateway.TopUpId, "--topup-secret-file", "-",
            "--terminals", "3", "--wallets", "4", "--seconds", "5", "--sales-per-second", "2", "--offline-every", "4", "--offline-for", "2",
            "--seed", "7", "--data", data);
        await simulate.Input.WriteLineAsync(TestGateway.TopUpSecret);
        simulate.Input.Close();
        await simulate.WaitAsync(TimeSpan.FromSeconds(120));

        var output = string.Join('\n', simulate.Lines);
        simulate.ExitCode.Should().Be(0, output);
        var summary = JsonDocument.Parse(simulate.Lines[^1]).RootElement;
        summary.GetProperty("backlog").GetInt32().Should().Be(0, output);
        summary.GetProperty("outages").GetInt32().Should().BeGreaterThanOrEqualTo(3, "each terminal goes offline once\n" + output);
        summary.GetProperty("approvedOffline").GetInt32().Should().BePositive(output);
        summary.GetProperty("approvedOnline").GetInt32().Should().BePositive(output);

        var sales = (await File.ReadAllLinesAsync(summary.GetProperty("salesLog").GetString()!)).Select(line => JsonSerializer.Deserialize<LoggedSale>(line, Web)!).ToList();
        sales.Should().HaveCount(summary.GetProperty("sales").GetInt32());
        var charges = new List<(string DeviceId, long Seq, string WalletId, long Amount)>();
        var devices = summary.GetProperty("devices").EnumerateArray().Select(d => d.GetString()!).ToList();
        foreach (var walletId in summary.GetProperty("wallets").EnumerateArray().Select(w => w.GetString()!))
        {
            foreach (var deviceId in devices)
            {
                charges.AddRange((await system.ChargesAsync(walletId, deviceId)).Select(c => (deviceId, c.Seq, walletId, c.Amount)));
            }
        }

        charges.Select(c => (c.DeviceId, c.Seq)).Should().OnlyHaveUniqueItems("no seq is charged twice\n" + output);
        foreach (var sale in sales.Where(s => s.Verdict == "approved"))
        {
            charges.Should().ContainSingle(c => c.DeviceId == sale.DeviceId && c.Seq == sale.Seq, output)
                .Which.Should().Be((sale.DeviceId, sale.Seq!.Value, sale.WalletId!, sale.Amount));
        }

        var unconfirmed = sales.Where(s => s.Verdict == "unconfirmed").Select(s => (s.DeviceId, s.Seq!.Value, s.WalletId!, s.Amount)).ToHashSet();
        charges.Where(c => !sales.Any(s => s.Verdict == "approved" && s.DeviceId == c.DeviceId && s.Seq == c.Seq) && !unconfirmed.Contains(c))
            .Should().BeEmpty("a charge for a sale not reported approved is only an unconfirmed one the sync settled\n" + output);
        Directory.Delete(data, recursive: true);
    }

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record LoggedSale(string DeviceId, long? Seq, string Verdict, string? Mode, string? WalletId, long Amount, string? Reason);
}
