using System.Text.Json;
using FestivalPos.Grains.EventSourcing;
using FestivalPos.Grains.Interfaces.Review;
using FestivalPos.Grains.Interfaces.Wallets;
using FestivalPos.Grains.Review;

namespace FestivalPos.Tests.Ledger;

/// <summary>
/// The stored JSON of the review queue's events: a held transaction keeps its lines (as a charge stores them, <c>total</c>
/// included), and one held before lines were kept still loads.
/// </summary>
public sealed class ReviewEventFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 7, 18, 21, 4, 5, TimeSpan.Zero);

    private const string HeldWithoutLines =
        """{"type":"transactionsHeld","transactions":[{"deviceId":"d-1","seq":17,"walletId":"w-1","amount":450,"createdAt":"2026-07-18T21:04:05Z","reason":"overLimit"}],"recordedAt":"2026-07-18T21:04:05+00:00"}""";

    private const string HeldWithLines =
        """{"type":"transactionsHeld","transactions":[{"deviceId":"d-1","seq":17,"walletId":"w-1","amount":450,"createdAt":"2026-07-18T21:04:05Z","reason":"overLimit","lines":[{"kind":"item","itemId":"beer","quantity":1,"unitPrice":250,"total":250},{"kind":"deposit","itemId":"cup","quantity":1,"unitPrice":100,"total":100},{"kind":"tip","quantity":1,"unitPrice":100,"total":100}]}],"recordedAt":"2026-07-18T21:04:05+00:00"}""";

    [Fact]
    public void A_held_transaction_without_lines_keeps_the_json_stored_before_lines_were_kept()
    {
        var held = new TransactionsHeld([new HeldTransaction("d-1", 17, "w-1", 450, "2026-07-18T21:04:05Z", OfflineRejectReason.OverLimit)], At);

        JsonSerializer.Serialize<ReviewEvent>(held, LedgerJson.Options).Should().Be(HeldWithoutLines);
        var loaded = JsonSerializer.Deserialize<ReviewEvent>(HeldWithoutLines, LedgerJson.Options).Should().BeOfType<TransactionsHeld>().Subject;
        loaded.Transactions.Single().Should().Be(held.Transactions.Single());
        loaded.Transactions.Single().Lines.Should().BeNull();
    }

    [Fact]
    public void A_held_transaction_keeps_its_lines()
    {
        ChargeLine[] lines = [new(LineKind.Item, "beer", 1, 250), new(LineKind.Deposit, "cup", 1, 100), new(LineKind.Tip, null, 1, 100)];
        var held = new TransactionsHeld([new HeldTransaction("d-1", 17, "w-1", 450, "2026-07-18T21:04:05Z", OfflineRejectReason.OverLimit, lines)], At);

        JsonSerializer.Serialize<ReviewEvent>(held, LedgerJson.Options).Should().Be(HeldWithLines);
        JsonSerializer.Deserialize<ReviewEvent>(HeldWithLines, LedgerJson.Options).Should().BeEquivalentTo(held);
    }

    public static TheoryData<ReviewEvent, string> DecisionEvents => new()
    {
        { new ReviewApproved("d-1:17", At), """{"type":"reviewApproved","reviewId":"d-1:17","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { new ReviewSettled("d-1:17", At), """{"type":"reviewSettled","reviewId":"d-1:17","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
        { new ReviewDismissed("d-1:17", At), """{"type":"reviewDismissed","reviewId":"d-1:17","recordedAt":"2026-07-18T21:04:05+00:00"}""" },
    };

    [Theory]
    [MemberData(nameof(DecisionEvents))]
    public void Review_decisions_keep_their_stored_json(ReviewEvent @event, string json)
    {
        JsonSerializer.Serialize(@event, LedgerJson.Options).Should().Be(json);
        JsonSerializer.Deserialize<ReviewEvent>(json, LedgerJson.Options).Should().Be(@event);
    }
}
