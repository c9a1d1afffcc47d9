using System.Net;
using System.Text.Json.Nodes;

namespace FestivalPos.EndToEnd.Tests;

/// <summary>What the HTTP API says about the ledger, checked entry by entry against what the terminals were answered.</summary>
public static class LedgerAudit
{
    private static readonly string[] Charged = ["approved", "applied", "duplicate"];

    /// <summary>Answers the number of charges in the ledger.</summary>
    public static async Task<int> AssertMatchesAsync(ApiClient organizer, SalesBook book, IReadOnlyList<Terminal> terminals, IReadOnlyList<TestWallet> wallets, long topUpPerWallet)
    {
        book.Unexpected.Should().BeEmpty("every request gets an answer API.md allows");
        book.Unanswered().Should().BeEmpty("every request whose outcome was unknown was sent again until answered");
        var sales = book.AllSales.ToList();
        sales.Where(sale => book.AnswerOf(sale) is null).Select(sale => sale.TxId).Should().BeEmpty("every sale was answered in the end");
        sales.Where(sale => !Charged.Contains(book.AnswerOf(sale))).Select(sale => $"{sale.TxId} {sale.Mode}: {book.AnswerOf(sale)}")
            .Should().BeEmpty("every sale is valid: funded, with the wallet's wristband, within the offline limits");
        var expected = sales.ToDictionary(sale => sale.TxId);

        foreach (var terminal in terminals)
        {
            var device = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/devices/{terminal.DeviceId}"))!;
            device["ackedThrough"]!.GetValue<long>().Should().Be(terminal.LastSeq, $"every seq of {terminal.DeviceId} was answered");
            device["gaps"]!.AsArray().Should().BeEmpty($"{terminal.DeviceId} has no undecided seq");
        }

        var chargedIn = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var wallet in wallets)
        {
            long balance = 0, topUps = 0, charges = 0;
            foreach (var entry in await HistoryAsync(organizer, wallet.WalletId))
            {
                var amount = entry["amount"]!.GetValue<long>();
                var txId = entry["txId"]!.GetValue<string>();
                balance += amount;
                entry["balanceAfter"]!.GetValue<long>().Should().Be(balance, $"{wallet.WalletId}'s entry {txId} carries the running balance");
                switch (entry["kind"]!.GetValue<string>())
                {
                    case "topup":
                        topUps += amount;
                        break;
                    case "charge":
                        charges -= amount;
                        chargedIn.TryAdd(txId, wallet.WalletId).Should().BeTrue($"charge {txId} is in the ledger once, not also in {chargedIn.GetValueOrDefault(txId)}");
                        expected.Should().ContainKey(txId, "nothing is charged that a terminal did not sell");
                        var sale = expected[txId];
                        (wallet.WalletId, -amount, entry["deviceId"]!.GetValue<string>(), entry["seq"]!.GetValue<long>())
                            .Should().Be((sale.WalletId, sale.Amount, sale.DeviceId, sale.Seq), $"charge {txId} is the sale as sold");
                        break;
                    default:
                        throw new InvalidOperationException($"{wallet.WalletId} holds an unexpected entry: {entry.ToJsonString()}");
                }
            }

            topUps.Should().Be(topUpPerWallet, $"{wallet.WalletId} was topped up once");
            var view = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{wallet.WalletId}"))!;
            view["balance"]!.GetValue<long>().Should().Be(balance, $"{wallet.WalletId}'s balance is its history's");
            balance.Should().Be(topUps - charges);
        }

        expected.Keys.Except(chargedIn.Keys).Should().BeEmpty("every sale answered approved or applied is charged");
        return chargedIn.Count;
    }

    /// <summary>Every entry of the wallet's history, oldest first, page by page.</summary>
    public static async Task<List<JsonNode>> HistoryAsync(ApiClient organizer, string walletId)
    {
        var entries = new List<JsonNode>();
        long? after = 0;
        while (after is { } position)
        {
            var page = (await organizer.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"api/v1/wallets/{walletId}/transactions?after={position}&limit=500"))!;
            entries.AddRange(page["entries"]!.AsArray().Select(entry => entry!));
            after = page["next"]?.GetValue<long>();
        }

        return entries;
    }
}
