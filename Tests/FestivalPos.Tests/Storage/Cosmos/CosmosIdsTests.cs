using FestivalPos.Storage.Cosmos;

namespace FestivalPos.Tests.Storage.Cosmos;

public sealed class CosmosIdsTests
{
    [Theory]
    [InlineData("wallet-1", "wallet-1")]
    [InlineData("/", "~0")]
    [InlineData("\\", "~1")]
    [InlineData("?", "~2")]
    [InlineData("#", "~3")]
    [InlineData("_", "~4")]
    [InlineData("~", "~5")]
    [InlineData("device/pos_1/seqs?#", "device~0pos~41~0seqs~2~3")]
    public void Characters_cosmos_refuses_in_ids_and_the_separator_and_escape_are_escaped_as_orleans_does(string name, string sanitized)
    {
        CosmosIds.Sanitize(name).Should().Be(sanitized);
    }

    [Fact]
    public void Ids_hold_no_forbidden_character_and_distinct_names_give_distinct_ids()
    {
        string[] names = ["a/b", "a~0b", "a_1", "a~41", "a\\b?c#d", "a"];

        var ids = names.SelectMany(name => new[] { CosmosIds.Append(name, 1), CosmosIds.Binding(name, 1) }).ToArray();

        ids.Should().OnlyHaveUniqueItems();
        ids.Should().AllSatisfy(id => id.Should().NotContainAny("/", "\\", "?", "#"));
        CosmosIds.Append("wallet/1", 12).Should().Be("append_wallet~01_12");
        CosmosIds.Binding("device/pos-1/seqs", -1).Should().Be("binding_device~0pos-1~0seqs_-1");
    }
}
