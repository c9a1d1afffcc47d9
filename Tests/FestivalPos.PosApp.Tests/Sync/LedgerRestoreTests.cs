using System.Net;
using System.Text;
using System.Text.Json;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;

namespace FestivalPos.PosApp.Tests.Sync;

/// <summary>
/// A terminal learns from a batch answer's ledger epoch that the ledger was restored, and sends again, offline under
/// the same seqs, the sales it settled that the restored ledger lacks; never the ones declined online.
/// </summary>
public sealed class LedgerRestoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"posapp-unit-{Guid.NewGuid():N}");
    private readonly RestorableGateway _gateway = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_terminal_with_nothing_to_send_notices_the_restore_and_sends_again_what_was_approved_after_the_backup()
    {
        using var terminal = await OpenAsync();
        await SellOnlineAsync(terminal, 100);
        await SellOfflineAsync(terminal, 200);
        var backup = _gateway.Backup();
        await SellOnlineAsync(terminal, 300);
        await SellOnlineAsync(terminal, RestorableGateway.DeclinedAbove + 1);
        await SellOfflineAsync(terminal, 400);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await terminal.Outbox.BacklogAsync()).Should().Match<Backlog>(b => b.Count == 0 && b.AckedThrough == 5);

        _gateway.Restore(backup);
        var report = await terminal.Sync.PassAsync();

        report.Should().Match<SyncReport>(r => r.Complete && r.Resent == 2 && r.BatchesSent == 1, report.ToString());
        _gateway.Batches[^1].Should().Equal([3L, 5L], "seq 4 was declined online: sent offline, it would be charged");
        _gateway.Charges.Should().Equal(new Dictionary<long, int> { [1] = 1, [2] = 1, [3] = 1, [5] = 1 });
        (await terminal.Outbox.FindAsync(3))!.State.Should().Be(SaleStates.Applied);
        (await terminal.Outbox.FindAsync(4)).Should().BeNull("a declined sale leaves once the cursor passed it: it is never sent again");
        (await terminal.Outbox.BacklogAsync()).AckedThrough.Should().Be(3, "seq 4 stays undecided on the restored ledger");

        var again = await terminal.Sync.PassAsync();
        again.Should().Match<SyncReport>(r => r.Complete && r.Resent == 0 && r.BatchesSent == 0, again.ToString());
    }

    [Fact]
    public async Task A_cursor_that_goes_back_under_the_same_epoch_is_followed_as_a_restore()
    {
        using var terminal = await OpenAsync();
        await SellOnlineAsync(terminal, 100);
        var backup = _gateway.Backup();
        await SellOfflineAsync(terminal, 200);
        await SellOnlineAsync(terminal, RestorableGateway.DeclinedAbove + 1);
        await SellOnlineAsync(terminal, 300);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await terminal.Outbox.BacklogAsync()).AckedThrough.Should().Be(4);

        _gateway.Restore(backup, newEpoch: false);
        var report = await terminal.Sync.PassAsync();

        report.Should().Match<SyncReport>(r => r.Complete && r.Resent == 2 && r.BatchesSent == 1, report.ToString());
        _gateway.Batches[^1].Should().Equal([2L, 4L], "seq 3 was declined online");
        _gateway.Charges.Should().Equal(new Dictionary<long, int> { [1] = 1, [2] = 1, [4] = 1 });
        var again = await terminal.Sync.PassAsync();
        again.Should().Match<SyncReport>(r => r.Complete && r.Resent == 0 && r.BatchesSent == 0, "a cursor held below a seq declined online is not a new cut: " + again);
    }

    [Fact]
    public async Task A_resend_whose_answer_is_lost_is_sent_again_and_charged_once()
    {
        using (var terminal = await OpenAsync())
        {
            await SellOnlineAsync(terminal, 100);
            var backup = _gateway.Backup();
            await SellOfflineAsync(terminal, 200);
            await SellOnlineAsync(terminal, 300);
            (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

            _gateway.Restore(backup);
            _gateway.LoseNextBatchAnswer = true;
            var lost = await terminal.Sync.PassAsync();
            lost.Should().Match<SyncReport>(r => !r.Complete && r.Resent == 2, lost.ToString());
            (await terminal.Outbox.BacklogAsync()).Count.Should().Be(2, "the sales wait to be sent again");
        }

        using (var reopened = await OpenAsync())
        {
            var report = await reopened.Sync.PassAsync();
            report.Should().Match<SyncReport>(r => r.Complete && r.Resent == 0 && r.BatchesSent == 1, report.ToString());
        }

        _gateway.Batches.TakeLast(2).Should().AllSatisfy(batch => batch.Should().Equal([2L, 3L]));
        _gateway.Charges.Should().Equal(new Dictionary<long, int> { [1] = 1, [2] = 1, [3] = 1 });
        _gateway.Duplicates.Should().Be(2);
    }

    [Fact]
    public async Task A_server_that_names_no_epoch_is_never_taken_for_a_restore()
    {
        _gateway.NamesEpoch = false;
        using var terminal = await OpenAsync();
        await SellOfflineAsync(terminal, 200);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        var report = await terminal.Sync.PassAsync();

        report.Should().Match<SyncReport>(r => r.Complete && r.Resent == 0 && r.BatchesSent == 0, report.ToString());
        _gateway.Batches.Should().ContainSingle();
    }

    private async Task<Terminal> OpenAsync()
    {
        if (!Directory.Exists(_directory))
        {
            await Terminal.EnrollAsync(_directory, new Enrollment("http://stub.invalid", "d-1", "s-1", "c-1", "secret", new byte[32], new byte[32], null, 5000));
        }

        return await Terminal.OpenAsync(_directory, http: _ => new HttpClient(_gateway, disposeHandler: false) { BaseAddress = new Uri("http://stub.invalid/") });
    }

    /// <summary>An online sale, answered and recorded as the cashier does.</summary>
    private static async Task SellOnlineAsync(Terminal terminal, long amount)
    {
        var sale = (await terminal.Outbox.AddAsync(Sale(amount, SaleModes.Online), _ => "sig")).Entry!;
        var answer = await terminal.Gateway.ChargeAsync(sale);
        var state = answer.Answer!.Status == SaleStates.Approved ? SaleStates.Approved : SaleStates.Declined;
        (await terminal.Outbox.RecordAsync([new Settlement(sale, state, answer.Answer.Reason, answer.Answer.Balance)], SaleOwner.Cashier)).Should().Be(1);
    }

    private static async Task SellOfflineAsync(Terminal terminal, long amount)
    {
        await terminal.Outbox.AddAsync(Sale(amount, SaleModes.Offline), _ => "sig");
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
    }

    private static NewSale Sale(long amount, string mode) => new("w-1", amount, "2026-07-18T21:00:00Z", "nfc", "uid-1", "x", mode);

    /// <summary>
    /// The server's side of API.md for one device, as far as seqs go: online charges above <see cref="DeclinedAbove"/> are
    /// declined, a seq already charged answers <c>duplicate</c> in a batch, and a restore forgets every seq decided after
    /// its backup and names a new ledger epoch.
    /// </summary>
    private sealed class RestorableGateway : HttpMessageHandler
    {
        public const long DeclinedAbove = 1000;

        private readonly Dictionary<long, bool> _decided = [];
        private string _epoch = "0";

        public bool NamesEpoch { get; set; } = true;

        public bool LoseNextBatchAnswer { get; set; }

        /// <summary>The seqs of every batch that carried sales, in order.</summary>
        public List<long[]> Batches { get; } = [];

        /// <summary>How many times each seq was charged, in the ledger as it is now.</summary>
        public Dictionary<long, int> Charges { get; private set; } = [];

        public int Duplicates { get; private set; }

        public (Dictionary<long, bool> Decided, Dictionary<long, int> Charges) Backup() => (new(_decided), new(Charges));

        /// <summary>Puts the backup back; with <paramref name="newEpoch"/> false, as a restore nobody announced (or a cut of the ledger's newest events).</summary>
        public void Restore((Dictionary<long, bool> Decided, Dictionary<long, int> Charges) backup, bool newEpoch = true)
        {
            _decided.Clear();
            foreach (var (seq, charged) in backup.Decided)
            {
                _decided[seq] = charged;
            }

            Charges = new(backup.Charges);
            _epoch = newEpoch ? Guid.NewGuid().ToString("N") : _epoch;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                return Json(new { accessToken = "token", tokenType = "Bearer", expiresIn = 900 });
            }

            if (path.EndsWith("/offline-snapshot", StringComparison.Ordinal))
            {
                return Json(new { wallets = Array.Empty<object>(), blocked = Array.Empty<string>(), version = 0, more = false });
            }

            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            return path.EndsWith("/payments", StringComparison.Ordinal) ? Charge(body.RootElement) : Batch(body.RootElement);
        }

        private HttpResponseMessage Charge(JsonElement payment)
        {
            var seq = payment.GetProperty("seq").GetInt64();
            var approved = _decided.TryGetValue(seq, out var earlier) ? earlier : payment.GetProperty("amount").GetInt64() <= DeclinedAbove;
            if (_decided.TryAdd(seq, approved) && approved)
            {
                Charges[seq] = 1;
            }

            return Json(new { txId = $"d-1:{seq}", status = approved ? "approved" : "declined", reason = approved ? null : "insufficientFunds", balance = 0 });
        }

        private HttpResponseMessage Batch(JsonElement batch)
        {
            var seqs = batch.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("seq").GetInt64()).ToArray();
            var results = new List<object>();
            foreach (var seq in seqs)
            {
                // A seq declined online and then sold offline is settled (API 1.1): the terminal must never send one.
                var duplicate = _decided.TryGetValue(seq, out var charged) && charged;
                Duplicates += duplicate ? 1 : 0;
                if (!duplicate)
                {
                    _decided[seq] = true;
                    Charges[seq] = Charges.GetValueOrDefault(seq) + 1;
                }

                results.Add(new { seq, status = duplicate ? "duplicate" : "applied" });
            }

            if (seqs.Length > 0)
            {
                Batches.Add(seqs);
                if (LoseNextBatchAnswer)
                {
                    LoseNextBatchAnswer = false;
                    throw new HttpRequestException("The batch's answer was lost after the server applied it.");
                }
            }

            var acked = 0L;
            while (_decided.ContainsKey(acked + 1))
            {
                acked++;
            }

            return Json(NamesEpoch ? new { results, ackedThrough = acked, ledgerEpoch = _epoch } : (object)new { results, ackedThrough = acked });
        }

        private static HttpResponseMessage Json(object body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
    }
}
