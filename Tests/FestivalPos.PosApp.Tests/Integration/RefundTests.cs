using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>
/// <c>posapp refund</c> gives back (part of) a sale of the terminal, online, within the server's window; a refund asked
/// again (its answer lost, or the command repeated) keeps its refundId and refunds once.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class RefundTests(PosSystem system) : NetworkUpTests(system.Network)
{
    [Fact]
    public async Task A_refund_gives_back_part_then_the_rest_and_a_cup_deposit_and_never_more_than_the_sale()
    {
        var standId = await system.NewStandAsync(("lemonade", new CatalogItemRequest("Lemonade", 400, 9, "drinks", Deposit: 200)));
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var (directory, seq) = await SellAsync(standId, walletId, uid, "--item", "lemonade:2");

        (await RefundAsync(directory, "--seq", seq, "--cups", "1")).Should().Be(
            (ExitCodes.Approved, $"refunded refundId={await DeviceAsync(directory)}-1-r1 seq=1 amount=200 status=applied balance=4000 refundable=1000"));
        (await RefundAsync(directory, "--seq", seq, "--amount", "300")).Output.Should().Contain("amount=300 status=applied balance=4300 refundable=700");
        (await RefundAsync(directory, "--seq", seq)).Output.Should().Contain("-1-r3 seq=1 amount=700 status=applied balance=5000 refundable=0");

        var more = await RefundAsync(directory, "--seq", seq, "--amount", "1");
        more.Code.Should().Be(ExitCodes.BadInput);
        more.Output.Should().Contain("has 0 left to refund");
    }

    [Fact]
    public async Task A_repeated_refund_id_is_refunded_once_and_a_lost_answer_is_asked_again_under_the_same_id()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var (directory, seq) = await SellAsync(null, walletId, uid, "--amount", "1000");

        system.Network.Mode = NetworkMode.Down;
        (await RefundAsync(directory, "--seq", seq, "--amount", "400")).Should().Match<(int Code, string Output)>(r =>
            r.Code == ExitCodes.Unconfirmed && r.Output.StartsWith("unconfirmed refundId=") && r.Output.Contains("-1-r1 "));
        system.Network.Mode = NetworkMode.Up;
        (await RefundAsync(directory, "--seq", seq)).Output.Should().Contain("-1-r1 seq=1 amount=400 status=applied balance=4400",
            "the unanswered refund is asked again, whatever was asked this time");

        (await RefundAsync(directory, "--seq", seq, "--amount", "100", "--refund-id", "counter-7")).Output.Should().Contain("status=applied balance=4500");
        (await RefundAsync(directory, "--seq", seq, "--amount", "100", "--refund-id", "counter-7")).Should().Be(
            (ExitCodes.Approved, "refunded refundId=counter-7 seq=1 amount=100 status=duplicate balance=4500 refundable=500"));
    }

    [Fact]
    public async Task A_refund_after_the_window_is_refused_and_moves_nothing()
    {
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var (directory, seq) = await SellAsync(null, walletId, uid, "--amount", "1000");

        await Task.Delay(TimeSpan.FromSeconds(TestSilo.RefundWindowSeconds + 1));

        (await RefundAsync(directory, "--seq", seq)).Should().Match<(int Code, string Output)>(r =>
            r.Code == ExitCodes.Declined && r.Output.StartsWith("refused ") && r.Output.Contains("reason=refund-window-closed"));
        var history = await PosSystem.ExpectAsync(system.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions?after=0&limit=50"), System.Net.HttpStatusCode.OK);
        history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Should().Equal("topup", "charge");
    }

    [Fact]
    public async Task A_sale_that_is_not_charged_cannot_be_refunded()
    {
        var (walletId, uid) = await system.NewWalletAsync(500);
        var (directory, _) = await SellAsync(null, walletId, uid, "--amount", "100");
        using (var terminal = await Terminal.OpenAsync(directory))
        {
            (await SellCommand.SellAsync(terminal, new CliArgs(["sell", "--wallet", walletId, "--nfc", uid, "--amount", "900"]), TextReader.Null)).Verdict.Should().Be(SaleVerdict.Declined);
        }

        (await RefundAsync(directory, "--seq", "2")).Should().Match<(int Code, string Output)>(r => r.Code == ExitCodes.BadInput && r.Output.Contains("Seq 2 is declined"));
        (await RefundAsync(directory, "--seq", "9")).Code.Should().Be(ExitCodes.BadInput);
        (await RefundAsync(directory, "--seq", "1", "--amount", "50", "--cups", "1")).Code.Should().Be(ExitCodes.Usage);
    }

    private async Task<(string Directory, string Seq)> SellAsync(string? standId, string walletId, string uid, params string[] sale)
    {
        var directory = await system.EnrollTerminalAsync(standId: standId ?? PosSystem.NewId("stand"));
        using var terminal = await Terminal.OpenAsync(directory);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        var result = await SellCommand.SellAsync(terminal, new CliArgs(["sell", "--wallet", walletId, "--nfc", uid, .. sale]), TextReader.Null);
        result.Verdict.Should().Be(SaleVerdict.Approved);
        return (directory, result.Seq!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<string> DeviceAsync(string directory)
    {
        using var terminal = await Terminal.OpenAsync(directory);
        return terminal.Enrollment.DeviceId;
    }

    /// <summary>Runs <c>posapp refund</c> as the CLI does: its exit code, and its answer line or error.</summary>
    private static async Task<(int Code, string Output)> RefundAsync(string directory, params string[] options)
    {
        var output = new StringWriter();
        try
        {
            var code = await RefundCommand.RunAsync(new CliArgs(["refund", "--data", directory, .. options]), output, CancellationToken.None);
            return (code, output.ToString().Trim());
        }
        catch (PosException e)
        {
            return (e.ExitCode, e.Message);
        }
    }
}
