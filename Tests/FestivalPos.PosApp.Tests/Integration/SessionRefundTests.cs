using System.Net;
using System.Net.Http.Json;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>
/// A <c>refund ...</c> line in <c>posapp run</c> does what <c>posapp refund</c> does and prints the same answer line; a
/// refund line written wrong, or of more than is left, prints <c>error: ...</c>, writes nothing, and the session goes on.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class SessionRefundTests(PosSystem system)
{
    private static readonly CatalogItemRequest Lemonade = new("Lemonade", 400, 9, "drinks", Deposit: 200);

    [Fact]
    public async Task A_refund_line_gives_back_a_cup_deposit_then_an_amount()
    {
        var standId = await system.NewStandAsync(("lemonade", Lemonade));
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var directory = await SyncedTerminalAsync(standId);

        var (device, lines) = await SessionAsync(directory, $"sell --wallet {walletId} --nfc {uid} --item lemonade:2", "refund --seq 1 --cups 1", "refund --seq 1 --amount 300");

        lines.Should().Equal(
            $"approved seq=1 mode=online wallet={walletId} amount=1200 balance=3800",
            $"refunded refundId={device}-1-r1 seq=1 amount=200 status=applied balance=4000 refundable=1000",
            $"refunded refundId={device}-1-r2 seq=1 amount=300 status=applied balance=4300 refundable=700");
        (await BalanceAsync(walletId)).Should().Be(4300);
    }

    [Fact]
    public async Task A_repeated_refund_id_answers_duplicate_and_refunds_once()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var directory = await SyncedTerminalAsync(PosSystem.NewId("stand"));
        var refundId = PosSystem.NewId("desk");
        var refund = $"refund --seq 1 --amount 100 --refund-id {refundId}";

        var (_, lines) = await SessionAsync(directory, $"sell --wallet {walletId} --nfc {uid} --amount 1000", refund, refund);

        lines.Skip(1).Should().Equal(
            $"refunded refundId={refundId} seq=1 amount=100 status=applied balance=4100 refundable=900",
            $"refunded refundId={refundId} seq=1 amount=100 status=duplicate balance=4100 refundable=900");
        (await BalanceAsync(walletId)).Should().Be(4100);
        (await system.RefundsAsync(walletId)).Should().Equal((refundId, 100L));
    }

    [Fact]
    public async Task A_refund_of_more_than_is_left_is_refused_and_moves_nothing()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var directory = await SyncedTerminalAsync(PosSystem.NewId("stand"));
        var (device, sold) = await SessionAsync(directory, $"sell --wallet {walletId} --nfc {uid} --amount 1000", "refund --seq 1 --amount 600");
        sold[1].Should().Contain("status=applied balance=4600 refundable=400");
        var deskRefund = PosSystem.NewId("desk");
        await PosSystem.ExpectAsync(
            system.Organizer.PostAsJsonAsync("/api/v1/refunds", new { refundId = deskRefund, walletId, txId = Wire.TxId.Format(device, 1), amount = 300 }), HttpStatusCode.OK);

        var (_, lines) = await SessionAsync(directory, "refund --seq 1 --amount 500", "refund --seq 1", "refund --seq 1 --amount 100");

        lines[0].Should().Be("error: Seq 1 has 400 left to refund; 500 was asked.", "the terminal knows of its own refund");
        lines[1].Should().Be($"refused refundId={device}-1-r2 seq=1 amount=400 reason=refund-exceeds-charge", "the wallet knows of the desk's refund too");
        lines[2].Should().Be($"refunded refundId={device}-1-r2 seq=1 amount=100 status=applied balance=5000 refundable=0");
        (await system.RefundsAsync(walletId)).Should().Equal(($"{device}-1-r1", 600L), (deskRefund, 300L), ($"{device}-1-r2", 100L));
    }

    [Fact]
    public async Task A_refund_line_written_wrong_prints_an_error_and_the_next_sale_still_sells()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var directory = await SyncedTerminalAsync(PosSystem.NewId("stand"));

        var (_, lines) = await SessionAsync(directory,
            "refund --amount 100", "refund --seq one", "refund --seq 1 --amount 100 --cups 1", "refund --seq 1 --amount", "refund --seq 1", "refnud --seq 1",
            $"sell --wallet {walletId} --nfc {uid} --amount 300");

        lines.Should().Equal(
            "error: --seq is required.",
            "error: --seq must be a whole number, not 'one'.",
            "error: refund --seq N [--amount A | --cups K] [--refund-id ID]: N, A and K positive, at most one of --amount and --cups.",
            "error: --amount needs a value.",
            "error: Seq 1 is not in this terminal's outbox (never sold, or settled long ago): an organizer refunds it.",
            "error: unknown command 'refnud' (sell, refund, sync, status, quit)",
            $"approved seq=1 mode=online wallet={walletId} amount=300 balance=4700");
        (await BalanceAsync(walletId)).Should().Be(4700);
    }

    private async Task<string> SyncedTerminalAsync(string standId)
    {
        var directory = await system.EnrollTerminalAsync(standId: standId);
        using var terminal = await Terminal.OpenAsync(directory);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        return directory;
    }

    /// <summary>Runs <c>posapp run</c> over the given lines then <c>quit</c>: the device (from its <c>ready</c> line) and the answer lines.</summary>
    private static async Task<(string Device, string[] Lines)> SessionAsync(string directory, params string[] commands)
    {
        var output = new StringWriter();
        var input = new StringReader(string.Join('\n', [.. commands, "quit"]) + "\n");
        (await RunCommand.RunAsync(new CliArgs(["run", "--data", directory]), output, input, CancellationToken.None)).Should().Be(ExitCodes.Ok);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].Should().StartWith("ready device=");
        return (lines[0]["ready device=".Length..], lines[1..]);
    }

    private async Task<long> BalanceAsync(string walletId) =>
        (await PosSystem.ExpectAsync(system.Organizer.GetAsync($"/api/v1/wallets/{walletId}"), HttpStatusCode.OK)).GetProperty("balance").GetInt64();
}
