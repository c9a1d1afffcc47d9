using System.Net;
using System.Net.Http.Json;
using FestivalPos.PosApp.Cli;
using FestivalPos.PosApp.Selling;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Tests.Infrastructure;
using FestivalPos.Wire.Contracts;

namespace FestivalPos.PosApp.Tests.Integration;

/// <summary>
/// A terminal at a stand the organizer defined sells from the catalog its snapshot carries: item lines, deposits with
/// the items that have one, cups given back, tips, and age checks; the lines reach the ledger online and offline.
/// </summary>
[Collection(PosSystemCollection.Name)]
public sealed class ItemSellingTests(PosSystem system) : NetworkUpTests(system.Network)
{
    private static readonly CatalogItemRequest Beer = new("Beer 0.5 l", 650, 21, "drinks", Deposit: 200, MinimumAge: 18);
    private static readonly CatalogItemRequest Lemonade = new("Lemonade", 400, 9, "drinks", Deposit: 200);
    private static readonly CatalogItemRequest Fries = new("Fries", 350, 9, "food");

    [Fact]
    public async Task The_snapshot_brings_the_stands_catalog_which_replaces_the_local_one_and_cannot_be_changed_locally()
    {
        var standId = await system.NewStandAsync(("beer", Beer), ("fries", Fries));
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(standId: standId));

        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        (await terminal.Catalog.ListAsync()).Should().Equal(
            new CatalogItem("beer", "Beer 0.5 l", 650, 200, 18, 21, "drinks"), new CatalogItem("fries", "Fries", 350, 0, 0, 9, "food"));
        (await terminal.Catalog.StandNameAsync()).Should().Be($"Stand {standId}");
        (await FluentActions.Invoking(() => terminal.Catalog.SetAsync(new CatalogItem("water", "Water", 200))).Should().ThrowAsync<PosException>())
            .Which.ExitCode.Should().Be(ExitCodes.BadInput);

        await PosSystem.ExpectAsync(system.Organizer.DeleteAsync($"/api/v1/stands/{standId}/items/fries"), HttpStatusCode.OK);
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        (await terminal.Catalog.ListAsync()).Select(i => i.Item).Should().Equal("beer");
    }

    [Fact]
    public async Task A_terminal_at_a_stand_nobody_defined_keeps_selling_from_its_local_catalog()
    {
        using var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(standId: PosSystem.NewId("stand")));

        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        await terminal.Catalog.SetAsync(new CatalogItem("water", "Water", 200));

        (await terminal.Catalog.StandNameAsync()).Should().BeNull();
        (await terminal.Catalog.ListAsync()).Select(i => i.Item).Should().Equal("beer", "fries", "water");
    }

    [Fact]
    public async Task A_sale_by_item_sends_its_lines_with_the_deposit_and_tip_and_settlement_splits_them()
    {
        var standId = await system.NewStandAsync(("beer", Beer), ("fries", Fries));
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        using var terminal = await SyncedTerminalAsync(standId);

        var sale = await SellAsync(terminal, walletId, uid, "--item", "beer:2", "--item", "fries", "--tip", "100", "--age-checked");

        sale.Should().Match<SaleResult>(s => s.Verdict == SaleVerdict.Approved && s.Amount == 2150 && s.Mode == SaleModes.Online);
        (await terminal.Outbox.FindAsync(sale.Seq!.Value))!.Lines.Should().Equal(
            new SaleLine("item", "beer", 2, 650), new SaleLine("deposit", "beer", 2, 200), new SaleLine("item", "fries", 1, 350), new SaleLine("tip", null, 1, 100));
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((sale.Seq.Value, 2150L));
        (await system.SettlementByStandAsync()).Rows.Single(r => r.Key == standId).Should().Match<SettlementEntry>(r =>
            r.GrossSales == 2150 && r.ItemSales == 1650 && r.Deposits == 400 && r.Tips == 100 && r.Unitemized == 0);
    }

    [Fact]
    public async Task Cups_given_back_within_a_sale_are_a_negative_deposit_line_and_lines_sold_offline_reach_the_ledger()
    {
        var standId = await system.NewStandAsync(("lemonade", Lemonade), ("fries", Fries));
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        using var terminal = await SyncedTerminalAsync(standId, (walletId, 10_000));

        var sale = await SellAsync(terminal, walletId, uid, "--item", "fries:2", "--return-cups", "3", "--offline");
        (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();

        sale.Should().Match<SaleResult>(s => s.Verdict == SaleVerdict.Approved && s.Amount == 100 && s.Mode == SaleModes.Offline);
        (await terminal.Outbox.FindAsync(sale.Seq!.Value))!.Should().Match<OutboxEntry>(e => e.State == SaleStates.Applied
            && e.Lines!.SequenceEqual(new[] { new SaleLine("item", "fries", 2, 350), new SaleLine("deposit", null, -3, 200) }));
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().Equal((sale.Seq.Value, 100L));
        (await system.SettlementByStandAsync()).Rows.Single(r => r.Key == standId).Should().Match<SettlementEntry>(r =>
            r.GrossSales == 100 && r.ItemSales == 700 && r.Deposits == -600 && r.Tips == 0 && r.OfflineSales == 100);
    }

    [Theory]
    [InlineData("--item", "beer", "age 18")]
    [InlineData("--item", "lemonade", "--return-cups", "3", "a refund")]
    [InlineData("--item", "wine", "not in the stand's catalog")]
    [InlineData("--item", "fries", "--return-cups", "fries:1", "not an item with a deposit")]
    public async Task A_sale_the_terminal_refuses_is_bad_input_and_writes_nothing(params string[] sale)
    {
        var standId = await system.NewStandAsync(("beer", Beer), ("lemonade", Lemonade), ("fries", Fries));
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        using var terminal = await SyncedTerminalAsync(standId);

        var why = sale[^1];
        (await FluentActions.Invoking(() => SellAsync(terminal, walletId, uid, sale[..^1])).Should().ThrowAsync<PosException>())
            .Which.Should().Match<PosException>(e => e.ExitCode == ExitCodes.BadInput && e.Message.Contains(why));

        (await terminal.Outbox.RecentAsync(10)).Should().BeEmpty();
        (await system.ChargesAsync(walletId, terminal.Enrollment.DeviceId)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--amount", "100", "--item", "fries")]
    [InlineData("--item", "fries", "--tip", "0")]
    [InlineData("--item", "fries:0")]
    [InlineData("--item", "fries", "--return-cups", "lemonade:x")]
    public async Task A_sale_written_wrong_is_a_usage_error_and_writes_nothing(params string[] sale)
    {
        var standId = await system.NewStandAsync(("lemonade", Lemonade), ("fries", Fries));
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        using var terminal = await SyncedTerminalAsync(standId);

        (await FluentActions.Invoking(() => SellAsync(terminal, walletId, uid, sale)).Should().ThrowAsync<PosException>()).Which.ExitCode.Should().Be(ExitCodes.Usage);

        (await terminal.Outbox.RecentAsync(10)).Should().BeEmpty();
    }

    [Fact]
    public async Task In_a_cashier_session_each_sale_line_of_an_age_restricted_item_needs_the_age_check()
    {
        var standId = await system.NewStandAsync(("beer", Beer));
        var (walletId, uid) = await system.NewWalletAsync(10_000);
        var directory = await system.EnrollTerminalAsync(standId: standId);
        using (var terminal = await Terminal.OpenAsync(directory))
        {
            (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        }

        var output = new StringWriter();
        var sell = $"sell --wallet {walletId} --nfc {uid} --item beer";
        (await RunCommand.RunAsync(new CliArgs(["run", "--data", directory]), output, new StringReader($"{sell}\n{sell} --age-checked\nquit\n"), CancellationToken.None))
            .Should().Be(ExitCodes.Ok);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[1].Should().StartWith("error: 'beer' is sold from age 18 only");
        lines[2].Should().StartWith("approved seq=1 mode=online").And.Contain("amount=850");
    }

    [Fact]
    public async Task The_readmes_selling_and_refund_commands_work_as_written()
    {
        var standId = await system.NewStandAsync(("beer", Beer), ("water", new CatalogItemRequest("Water 0.5 l", 300, 9, "drinks")));
        var (walletId, uid) = await system.NewWalletAsync(5000);
        var directory = await system.EnrollTerminalAsync(standId: standId);
        using (var terminal = await Terminal.OpenAsync(directory))
        {
            (await terminal.Sync.PassAsync()).Complete.Should().BeTrue();
        }

        var listed = new StringWriter();
        (await CatalogCommand.RunAsync(new CliArgs(["catalog", "--data", directory]), listed)).Should().Be(ExitCodes.Ok);
        listed.ToString().Should().Be("beer\t650\tBeer 0.5 l\tdeposit=200\tminimumAge=18\nwater\t300\tWater 0.5 l\tdeposit=0\tminimumAge=0\n".ReplaceLineEndings());
        (await FluentActions.Invoking(() => CatalogCommand.RunAsync(new CliArgs(["catalog", "--data", directory, "set", "beer", "450", "Beer 0.5l"]), TextWriter.Null))
            .Should().ThrowAsync<PosException>()).Which.ExitCode.Should().Be(ExitCodes.BadInput);

        async Task<(int Code, string Output)> Run(string command, params string[] options)
        {
            var output = new StringWriter();
            var args = new CliArgs([command, "--data", directory, .. options]);
            var code = command == "sell" ? await SellCommand.RunAsync(args, output, TextReader.Null) : await RefundCommand.RunAsync(args, output, CancellationToken.None);
            return (code, output.ToString().Trim());
        }

        (await Run("sell", "--wallet", walletId, "--nfc", uid, "--item", "beer:2", "--age-checked")).Should().Be(
            (ExitCodes.Approved, $"approved seq=1 mode=online wallet={walletId} amount=1700 balance=3300"));
        (await Run("sell", "--wallet", walletId, "--nfc", uid, "--item", "beer", "--age-checked", "--return-cups", "2", "--tip", "100")).Should().Be(
            (ExitCodes.Approved, $"approved seq=2 mode=online wallet={walletId} amount=550 balance=2750"));
        (await Run("refund", "--seq", "1", "--cups", "2")).Code.Should().Be(ExitCodes.Approved);
        (await system.SettlementByStandAsync()).Rows.Single(r => r.Key == standId).Should().Match<SettlementEntry>(r =>
            r.GrossSales == 2250 && r.ItemSales == 1950 && r.Deposits == 200 && r.Tips == 100 && r.Refunds == 400);
    }

    private async Task<Terminal> SyncedTerminalAsync(string standId, params (string WalletId, long Balance)[] wallets)
    {
        var terminal = await Terminal.OpenAsync(await system.EnrollTerminalAsync(standId: standId));
        await PosSystem.WaitForSnapshotAsync(terminal, wallets);
        return terminal;
    }

    private static Task<SaleResult> SellAsync(Terminal terminal, string walletId, string uid, params string[] options) =>
        SellCommand.SellAsync(terminal, new CliArgs(["sell", "--wallet", walletId, "--nfc", uid, .. options]), TextReader.Null);
}
