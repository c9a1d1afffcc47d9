using System.Text.Json;
using FestivalPos.Grains.CashOut;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.CashOut;
using FestivalPos.Grains.Wallets;

namespace FestivalPos.Tests.Ledger;

/// <summary>The stored JSON of the cash-out events, on a wallet's stream and on the desk's: a rename cannot change stored data unseen.</summary>
public sealed class CashOutEventFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 21, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<WalletEvent, string> WalletEvents => new()
    {
        { new CashOutRequested(200, At), """{"type":"cashOutRequested","fee":200,"recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new CashedOut("b-1:w-1", 1000, 200, 0, At), """{"type":"cashedOut","payoutId":"b-1:w-1","amount":1000,"fee":200,"balanceAfter":0,"recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new PayoutConfirmed("b-1:w-1", At), """{"type":"payoutConfirmed","payoutId":"b-1:w-1","recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new CashOutWithdrawn(At), """{"type":"cashOutWithdrawn","recordedAt":"2026-07-21T09:00:00+00:00"}""" },
    };

    public static TheoryData<CashOutDeskEvent, string> DeskEvents => new()
    {
        { new CashOutQueued("w-1", At), """{"type":"cashOutQueued","walletId":"w-1","recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new PayoutBatchOpened("b-1", ["w-1", "w-2"], At), """{"type":"payoutBatchOpened","batchId":"b-1","walletIds":["w-1","w-2"],"recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new PayoutConfirmationRecorded("b-1:w-1", At), """{"type":"payoutConfirmationRecorded","payoutId":"b-1:w-1","recordedAt":"2026-07-21T09:00:00+00:00"}""" },
        { new CashOutWithdrawalRecorded("w-1", At), """{"type":"cashOutWithdrawalRecorded","walletId":"w-1","recordedAt":"2026-07-21T09:00:00+00:00"}""" },
    };

    [Theory]
    [MemberData(nameof(WalletEvents))]
    public void Wallet_cash_out_events_keep_their_stored_json(WalletEvent @event, string json)
    {
        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<WalletEvent>(json, LedgerJson.Options).Should().Be(@event);
    }

    [Theory]
    [MemberData(nameof(DeskEvents))]
    public void Desk_events_keep_their_stored_json(CashOutDeskEvent @event, string json)
    {
        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<CashOutDeskEvent>(json, LedgerJson.Options).Should().BeEquivalentTo(@event);
    }

    [Fact]
    public void A_settled_batch_keeps_its_stored_json()
    {
        var settled = new PayoutBatchSettled("b-1", [new SettledPayout("w-1", PayoutOutcome.PaidOut, 800, 200), new SettledPayout("w-2", PayoutOutcome.Overdrawn, 0, 0)], At);
        const string json = """{"type":"payoutBatchSettled","batchId":"b-1","payouts":[{"walletId":"w-1","outcome":"paidOut","paid":800,"fee":200},{"walletId":"w-2","outcome":"overdrawn","paid":0,"fee":0}],"recordedAt":"2026-07-21T09:00:00+00:00"}""";

        JsonSerializer.Serialize<CashOutDeskEvent>(settled, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<CashOutDeskEvent>(json, LedgerJson.Options).Should().BeEquivalentTo(settled);
    }
}
