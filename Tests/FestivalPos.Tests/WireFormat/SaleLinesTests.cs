using FestivalPos.Wire.Contracts;

namespace FestivalPos.Tests.WireFormat;

/// <summary>What a sale's lines may be: the one rule the gateway and the terminal both apply.</summary>
public sealed class SaleLinesTests
{
    private const long MaxAmount = 100_000_000;

    [Fact]
    public void Items_deposits_given_back_and_a_tip_explain_an_amount_exactly()
    {
        SaleLine[] lines =
        [
            new("item", "beer", 2, 650),
            new("deposit", "cup", 2, 200),
            new("deposit", "cup", -1, 200),
            new("tip", null, 1, 50),
        ];

        SaleLines.Problem(lines, 1_550, MaxAmount).Should().BeNull();
        SaleLines.Problem(lines, 1_549, MaxAmount).Should().Be("The lines add up to 1550, not to the amount 1549.");
        SaleLines.Problem(null, 1_549, MaxAmount).Should().BeNull("a sale without lines is sold by amount");
    }

    [Theory]
    [InlineData("item", null, 1, 100, "itemId")]
    [InlineData("item", "bad id", 1, 100, "itemId")]
    [InlineData("item", "beer", 0, 100, "quantity")]
    [InlineData("item", "beer", 1001, 100, "quantity")]
    [InlineData("item", "beer", 1, -1, "unitPrice")]
    [InlineData("deposit", "cup", 0, 200, "quantity")]
    [InlineData("deposit", "cup", -1001, 200, "quantity")]
    [InlineData("tip", "beer", 1, 100, "tip")]
    [InlineData("tip", null, 2, 100, "tip")]
    [InlineData("tip", null, 1, 0, "tip")]
    [InlineData("voucher", null, 1, 100, "kind")]
    public void A_malformed_line_is_named_with_its_index(string kind, string? itemId, int quantity, long unitPrice, string named)
    {
        SaleLine[] lines = [new("item", "water", 1, 300), new(kind, itemId, quantity, unitPrice)];

        SaleLines.Problem(lines, 300 + (quantity * unitPrice), MaxAmount).Should().StartWith("lines[1]: ").And.Contain(named);
    }

    [Fact]
    public void Lines_are_one_to_a_hundred()
    {
        SaleLines.Problem([], 0, MaxAmount).Should().Contain("1 to 100");
        SaleLines.Problem([.. Enumerable.Repeat(new SaleLine("item", "beer", 1, 1), 101)], 101, MaxAmount).Should().Contain("1 to 100");
        SaleLines.Problem([.. Enumerable.Repeat(new SaleLine("item", "beer", 1, 1), 100)], 100, MaxAmount).Should().BeNull();
    }
}
