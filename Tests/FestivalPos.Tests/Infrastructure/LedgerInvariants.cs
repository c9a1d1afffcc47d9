using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Wallets;
using FestivalPos.Storage;

namespace FestivalPos.Tests.Infrastructure;

/// <summary>Money totals over every wallet in the ledger.</summary>
public sealed record LedgerTotals(int Wallets, long Balances, long TopUps, long Charges, long Refunds, int ChargeEntries, long Payouts = 0);

/// <summary>
/// Checks the whole ledger from storage: every wallet's chain verifies, its balance (as the grain
/// reports it) equals the fold of its entries, no charge id is applied twice anywhere, and money is
/// conserved: Σ balances = Σ top-ups − Σ charges + Σ refunds − Σ payouts (cash-out debits, shown as adjustments).
/// </summary>
public sealed class LedgerInvariants(IEventStore store, IGrainFactory grains)
{
    public async Task<LedgerTotals> AssertHoldAsync()
    {
        var chargeIds = new HashSet<string>(StringComparer.Ordinal);
        long balances = 0, topUps = 0, charges = 0, refunds = 0, payouts = 0;
        var wallets = 0;
        await foreach (var streamId in store.ListStreamsAsync("wallet/"))
        {
            var walletId = streamId["wallet/".Length..];
            var state = await FoldAsync(streamId);
            var view = await grains.GetGrain<IWalletGrain>(walletId).GetView();
            view.Should().NotBeNull($"wallet {walletId} has a stream");
            view!.Balance.Should().Be(state.Balance, $"wallet {walletId}'s balance is the fold of its entries");
            state.Entries.Sum(e => e.Amount).Should().Be(state.Balance, $"wallet {walletId}'s entries add up to its balance");
            var verification = await grains.GetGrain<IWalletGrain>(walletId).VerifyChain();
            verification.IsValid.Should().BeTrue($"wallet {walletId}'s chain verifies ({verification.Problem})");
            foreach (var entry in state.Entries.Where(e => e.Kind == EntryKind.Charge))
            {
                chargeIds.Add(entry.TxId).Should().BeTrue($"charge {entry.TxId} is applied once in the whole ledger");
            }

            wallets++;
            balances += state.Balance;
            topUps += state.Entries.Where(e => e.Kind == EntryKind.TopUp).Sum(e => e.Amount);
            charges -= state.Entries.Where(e => e.Kind == EntryKind.Charge).Sum(e => e.Amount);
            refunds += state.Entries.Where(e => e.Kind == EntryKind.Refund).Sum(e => e.Amount);
            payouts -= state.Entries.Where(e => e.Kind == EntryKind.Adjustment).Sum(e => e.Amount);
        }

        balances.Should().Be(topUps - charges + refunds - payouts, "money is conserved");
        return new LedgerTotals(wallets, balances, topUps, charges, refunds, chargeIds.Count, payouts);
    }

    private async Task<WalletState> FoldAsync(string streamId)
    {
        var state = new WalletState();
        foreach (var recorded in await store.ReadAsync(streamId, 0))
        {
            state.Apply(JsonSerializer.Deserialize<WalletEvent>(recorded.Payload, LedgerJson.Options)!, recorded.Version, recorded.Hash);
        }

        return state;
    }
}
