using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.Wire.Contracts;
using Xunit.Abstractions;
using PosTerminal = FestivalPos.PosApp.Terminal;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>
/// The restore drill of docs/runbooks/restore-and-drill.md, on the system as the README runs it: terminals sell online
/// and offline, the ledger is backed up, they sell more of every kind and a top-up lands, the system stops, the ledger is
/// restored from the backup and the system starts again. The terminals learn the new ledger epoch and send again what
/// the restored ledger lacks (one of them loses the answer to that batch and sends it once more); the top-up provider
/// retries its top-ups. Then every sale a terminal was told was approved is charged exactly once, no declined one is,
/// and the ledger verifies.
/// </summary>
[Collection(SystemProcessesCollection.Name)]
public sealed class RestoreDrillTests(ITestOutputHelper output) : IDisposable
{
    private const int Terminals = 3;
    private const int Wallets = 6;
    private const long Balance = 5_000;
    private const long LostTopUp = 500;
    private const long MoreThanAnyBalance = 100_000;
    private const string Backup = "backups/drill.db";

    private readonly string _workingDirectory = Path.Combine(Path.GetTempPath(), $"festivalpos-drill-{Guid.NewGuid():N}");
    private readonly List<Sold> _sales = [];

    private enum Kind
    {
        OnlineApproved,
        OnlineDeclined,
        Offline,
    }

    public void Dispose()
    {
        if (Directory.Exists(_workingDirectory))
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task After_a_restore_every_sale_a_terminal_was_told_was_approved_is_charged_exactly_once()
    {
        List<TestWallet> wallets;
        List<string> devices;
        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            using var http = system.CreateClient();
            var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
            var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
            wallets = await FestivalSetup.CreateWalletsAsync(organizer, topup, "drill", 0, Wallets, Balance);
            devices = await EnrollTerminalsAsync(organizer, system);
            var terminals = await OpenTerminalsAsync(system, devices, []);
            try
            {
                await SellRoundAsync(terminals, wallets, lostWindow: false);
                await SyncAllAsync(terminals);
                var backup = await RunSiloAsync(["backup-ledger", "--Keys:Provider=File", $"--Output={Backup}"]);
                backup.ExitCode.Should().Be(0, backup.Output);

                await SellRoundAsync(terminals, wallets, lostWindow: true);
                foreach (var wallet in wallets.Take(2))
                {
                    (await TopUpAsync(topup, wallet))["status"]!.GetValue<string>().Should().Be("applied");
                }

                await SyncAllAsync(terminals);
            }
            finally
            {
                terminals.ForEach(terminal => terminal.Dispose());
            }
        }

        MoveLedgerAside();
        var restore = await RunSiloAsync(["restore-ledger", "--Keys:Provider=File", $"--Input={Backup}"]);
        restore.ExitCode.Should().Be(0, restore.Output);
        restore.Output.Should().Contain("ledger restored and verified").And.Contain("0 broken").And.Contain("ledger epoch ");

        await using (var system = await RunningSystem.StartAsync(_workingDirectory, bootstrapSecretsFromEnvironment: true))
        {
            using var http = system.CreateClient();
            var organizer = await ApiClient.SignInAsync(http, "organizer", RunningSystem.OrganizerSecret);
            var topup = await ApiClient.SignInAsync(http, "topup", RunningSystem.TopupSecret);
            var forgotten = await DeviceAsync(organizer, devices[0]);
            forgotten["ledgerEpoch"]!.GetValue<string>().Should().NotBe("0", "the restore started a new epoch");
            forgotten["ackedThrough"]!.GetValue<long>().Should().Be(_sales.Count(s => s.DeviceId == devices[0] && !s.LostWindow), "the ledger is back at the backup");

            var answers = devices.Select((_, i) => new BatchAnswers(system.CreateHandler(), loseFirstAnswer: i == 0)).ToList();
            var terminals = await OpenTerminalsAsync(system, devices, answers);
            int resent;
            try
            {
                resent = await SyncAllAsync(terminals);
            }
            finally
            {
                terminals.ForEach(terminal => terminal.Dispose());
            }

            foreach (var wallet in wallets.Take(2))
            {
                (await TopUpAsync(topup, wallet))["status"]!.GetValue<string>().Should().Be("applied", "the provider's retry brings back the lost top-up");
                (await TopUpAsync(topup, wallet))["status"]!.GetValue<string>().Should().Be("duplicate");
            }

            var charged = await AuditWalletsAsync(organizer, wallets);
            var approved = _sales.Where(s => s.Kind != Kind.OnlineDeclined).ToDictionary(s => s.TxId, s => (s.WalletId, s.Amount));
            charged.Should().BeEquivalentTo(approved, "every sale a terminal was told was approved is charged once, and nothing else is");
            await AuditDevicesAsync(organizer, devices);
            var verify = await system.VerifyLedgerAsync();
            verify.ExitCode.Should().Be(0, verify.Output);
            verify.Output.Should().Contain("0 broken");

            var lost = _sales.Where(s => s.LostWindow).ToList();
            var applied = answers.Sum(a => a.Applied);
            var duplicates = answers.Sum(a => a.Duplicates);
            output.WriteLine(
                $"drill: {Terminals} terminals, {_sales.Count} sales; lost window: {lost.Count} sales ({lost.Count(s => s.Kind == Kind.OnlineApproved)} online approved, " +
                $"{lost.Count(s => s.Kind == Kind.OnlineDeclined)} online declined, {lost.Count(s => s.Kind == Kind.Offline)} offline) and 2 top-ups; " +
                $"re-sent {resent}, applied {applied}, duplicates {duplicates}, rejected {answers.Sum(a => a.Rejected)}; " +
                $"{charged.Count} charges in the ledger, {approved.Count} sales told approved");
            resent.Should().Be(lost.Count(s => s.Kind != Kind.OnlineDeclined), "every approved sale of the lost window, and only those, went back");
            applied.Should().Be(resent, "the restored ledger lacked each of them once");
            duplicates.Should().Be(lost.Count(s => s.DeviceId == devices[0] && s.Kind != Kind.OnlineDeclined), "the batch whose answer was lost was sent again");
            answers.Sum(a => a.Rejected).Should().Be(0);
        }
    }

    private async Task<List<string>> EnrollTerminalsAsync(ApiClient organizer, RunningSystem system)
    {
        var devices = new List<string>();
        for (var i = 0; i < Terminals; i++)
        {
            var enrolled = (await organizer.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "api/v1/devices", new EnrollDeviceRequest($"drill-{i}", "bar-1")))!;
            var device = enrolled.Deserialize<EnrolledDevice>(JsonSerializerOptions.Web)!;
            await PosTerminal.EnrollAsync(TerminalDirectory(device.DeviceId), Enrollment.From(device, system.BaseAddress.ToString(), null));
            devices.Add(device.DeviceId);
        }

        return devices;
    }

    private async Task<List<PosTerminal>> OpenTerminalsAsync(RunningSystem system, List<string> devices, List<BatchAnswers> answers)
    {
        var terminals = new List<PosTerminal>();
        for (var i = 0; i < devices.Count; i++)
        {
            HttpMessageHandler handler = answers.Count > 0 ? answers[i] : system.CreateHandler();
            terminals.Add(await PosTerminal.OpenAsync(TerminalDirectory(devices[i]),
                http: _ => new HttpClient(handler) { BaseAddress = system.BaseAddress, Timeout = Timeout.InfiniteTimeSpan }));
        }

        return terminals;
    }

    /// <summary>
    /// Each terminal sells, in this order: online (approved), online for more than any balance (declined), offline,
    /// and in the lost window one more online and one more offline sale; the declined seq lies between approved ones.
    /// </summary>
    private async Task SellRoundAsync(List<PosTerminal> terminals, List<TestWallet> wallets, bool lostWindow)
    {
        for (var t = 0; t < terminals.Count; t++)
        {
            var terminal = terminals[t];
            var wallet = wallets[(t * 2 + (lostWindow ? 1 : 0)) % wallets.Count];
            await WaitForSnapshotAsync(terminal, wallet.WalletId);
            var plan = lostWindow
                ? new[] { (Kind.OnlineApproved, 210L), (Kind.OnlineDeclined, MoreThanAnyBalance), (Kind.Offline, 160L), (Kind.OnlineApproved, 220L), (Kind.Offline, 170L) }
                : [(Kind.OnlineApproved, 200L), (Kind.OnlineDeclined, MoreThanAnyBalance), (Kind.Offline, 150L)];
            foreach (var (kind, amount) in plan)
            {
                var sale = await terminal.Cashier.SellAsync(new SaleRequest(wallet.WalletId, new Credential(Credential.Nfc, wallet.Uid), amount, "drill"), forceOffline: kind == Kind.Offline);
                sale.Verdict.Should().Be(kind == Kind.OnlineDeclined ? SaleVerdict.Declined : SaleVerdict.Approved, sale.ToString());
                sale.Mode.Should().Be(kind == Kind.Offline ? SaleModes.Offline : SaleModes.Online, sale.ToString());
                _sales.Add(new Sold(terminal.Enrollment.DeviceId, sale.Seq!.Value, wallet.WalletId, amount, kind, lostWindow));
            }
        }
    }

    /// <summary>Syncs every terminal until a pass completes; answers how many sales they sent again.</summary>
    private static async Task<int> SyncAllAsync(List<PosTerminal> terminals)
    {
        var resent = 0;
        foreach (var terminal in terminals)
        {
            for (var attempt = 1; ; attempt++)
            {
                var report = await terminal.Sync.PassAsync();
                resent += report.Resent;
                if (report.Complete)
                {
                    break;
                }

                attempt.Should().BeLessThan(60, report.ToString());
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return resent;
    }

    private static async Task WaitForSnapshotAsync(PosTerminal terminal, string walletId)
    {
        for (var attempt = 1; await terminal.Snapshot.FindAsync(walletId) is null; attempt++)
        {
            attempt.Should().BeLessThan(100, $"the offline snapshot shows {walletId} in the end");
            await terminal.Sync.PassAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Each wallet's history adds up to its balance; answers every charge in the ledger by txId, each found once.</summary>
    private static async Task<Dictionary<string, (string WalletId, long Amount)>> AuditWalletsAsync(ApiClient organizer, List<TestWallet> wallets)
    {
        var charged = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        foreach (var (wallet, index) in wallets.Select((w, i) => (w, i)))
        {
            long balance = 0, topUps = 0;
            foreach (var entry in await LedgerAudit.HistoryAsync(organizer, wallet.WalletId))
            {
                var amount = entry["amount"]!.GetValue<long>();
                balance += amount;
                entry["balanceAfter"]!.GetValue<long>().Should().Be(balance);
                if (entry["kind"]!.GetValue<string>() == "topup")
                {
                    topUps += amount;
                    continue;
                }

                entry["kind"]!.GetValue<string>().Should().Be("charge");
                charged.TryAdd(entry["txId"]!.GetValue<string>(), (wallet.WalletId, -amount)).Should().BeTrue($"{entry["txId"]} is charged once");
            }

            topUps.Should().Be(Balance + (index < 2 ? LostTopUp : 0), $"{wallet.WalletId}'s top-ups are each in the ledger once");
            (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{wallet.WalletId}"))!["balance"]!.GetValue<long>().Should().Be(balance);
        }

        return charged;
    }

    /// <summary>A seq declined online in the lost window stays undecided (sending it offline would charge it): it is the device's only gap.</summary>
    private async Task AuditDevicesAsync(ApiClient organizer, List<string> devices)
    {
        foreach (var deviceId in devices)
        {
            var sold = _sales.Where(s => s.DeviceId == deviceId).ToList();
            var undecided = sold.Where(s => s.LostWindow && s.Kind == Kind.OnlineDeclined).Select(s => s.Seq).ToList();
            var device = await DeviceAsync(organizer, deviceId);
            device["gaps"]!.AsArray().Select(gap => gap!.GetValue<long>()).Should().Equal(undecided);
            device["ackedThrough"]!.GetValue<long>().Should().Be(undecided.Count > 0 ? undecided.Min() - 1 : sold.Max(s => s.Seq));
        }
    }

    private static async Task<JsonObject> DeviceAsync(ApiClient organizer, string deviceId) =>
        (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/devices/{deviceId}"))!;

    private static async Task<JsonObject> TopUpAsync(ApiClient topup, TestWallet wallet) =>
        (await topup.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "api/v1/topups", new TopUpRequest($"t-lost-{wallet.WalletId}", wallet.WalletId, LostTopUp)))!;

    /// <summary>The runbook's step: the ledger file and its WAL go aside, so that restore-ledger finds an empty ledger.</summary>
    private void MoveLedgerAside()
    {
        var aside = Directory.CreateDirectory(Path.Combine(_workingDirectory, "data", "before-restore"));
        foreach (var file in Directory.GetFiles(Path.Combine(_workingDirectory, "data"), "festivalpos.db*"))
        {
            File.Move(file, Path.Combine(aside.FullName, Path.GetFileName(file)));
        }
    }

    private async Task<(int ExitCode, string Output)> RunSiloAsync(IReadOnlyList<string> arguments)
    {
        var result = await RunningSystem.RunSiloCommandAsync(_workingDirectory, arguments);
        output.WriteLine(result.Output);
        return result;
    }

    private string TerminalDirectory(string deviceId) => Path.Combine(_workingDirectory, "terminals", deviceId);

    private sealed record Sold(string DeviceId, long Seq, string WalletId, long Amount, Kind Kind, bool LostWindow)
    {
        public string TxId => $"{DeviceId}:{Seq}";
    }

    /// <summary>
    /// Counts the results of a terminal's batch answers; with <c>loseFirstAnswer</c>, the answer to its first batch that
    /// carries sales is lost after the gateway applied it, as a crash between sending and recording would lose it.
    /// </summary>
    private sealed class BatchAnswers(HttpMessageHandler inner, bool loseFirstAnswer) : DelegatingHandler(inner)
    {
        private bool _lost;

        public int Applied { get; private set; }

        public int Duplicates { get; private set; }

        public int Rejected { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post || !request.RequestUri!.AbsolutePath.EndsWith("/batches", StringComparison.Ordinal) || response.StatusCode != HttpStatusCode.OK)
            {
                return response;
            }

            var results = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["results"]!.AsArray();
            foreach (var status in results.Select(result => result!["status"]!.GetValue<string>()))
            {
                Applied += status == "applied" ? 1 : 0;
                Duplicates += status == "duplicate" ? 1 : 0;
                Rejected += status == "rejected" ? 1 : 0;
            }

            if (loseFirstAnswer && !_lost && results.Count > 0)
            {
                _lost = true;
                response.Dispose();
                throw new HttpRequestException("The batch's answer was lost after the gateway applied it.");
            }

            return response;
        }
    }
}
