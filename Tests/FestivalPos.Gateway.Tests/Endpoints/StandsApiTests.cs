using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>Stands and their catalog: organizers manage it, a terminal reads its own stand's, bad input changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class StandsApiTests(GatewayFixture fixture)
{
    [Fact]
    public async Task An_organizer_defines_a_stand_and_its_items_and_the_terminal_there_reads_them_with_its_snapshot()
    {
        var standId = TestApi.NewId("bar");
        await DefineAsync(standId);
        await SetItemAsync(standId, "beer", new { name = "Beer 0.5 l", price = 650, vatRate = 21, category = "drinks", deposit = 200, minimumAge = 18 });
        var changed = await SetItemAsync(standId, "water", new { name = "Water", price = 300, vatRate = 5.5, category = "drinks" });
        var device = await fixture.EnrollDeviceAsync(standId: standId);

        var catalog = await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/catalog")).JsonAsync(HttpStatusCode.OK);
        var snapshot = await (await device.Client.GetAsync(device.Snapshot)).JsonAsync(HttpStatusCode.OK);

        changed.GetProperty("version").GetInt64().Should().Be(3);
        Items(catalog).Should().Equal(
            ("beer", "Beer 0.5 l", 650L, 21m, "drinks", 200L, 18),
            ("water", "Water", 300L, 5.5m, "drinks", 0L, 0));
        catalog.GetProperty("vendorId").GetString().Should().Be("v-drinks");
        snapshot.GetProperty("catalog").GetRawText().Should().Be(catalog.GetRawText());
    }

    [Fact]
    public async Task Changing_and_removing_items_moves_the_version_and_a_repeat_changes_nothing()
    {
        var standId = TestApi.NewId("bar");
        await DefineAsync(standId);
        var beer = new { name = "Beer", price = 650, vatRate = 21, category = "drinks" };
        var first = await SetItemAsync(standId, "beer", beer);
        var repeat = await SetItemAsync(standId, "beer", beer);
        var dearer = await SetItemAsync(standId, "beer", beer with { price = 700 });
        var removed = await (await fixture.Organizer.DeleteAsync($"/api/v1/stands/{standId}/items/beer")).JsonAsync(HttpStatusCode.OK);
        var again = await (await fixture.Organizer.DeleteAsync($"/api/v1/stands/{standId}/items/beer")).ProblemAsync(HttpStatusCode.NotFound);

        repeat.GetProperty("version").GetInt64().Should().Be(first.GetProperty("version").GetInt64());
        Items(dearer).Single().Price.Should().Be(700);
        removed.GetProperty("items").GetArrayLength().Should().Be(0);
        removed.GetProperty("version").GetInt64().Should().Be(dearer.GetProperty("version").GetInt64() + 1);
        again.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:item-not-found");
    }

    [Fact]
    public async Task Stands_are_listed_in_the_order_they_were_defined_and_a_rename_keeps_their_place()
    {
        var (first, second) = (TestApi.NewId("bar"), TestApi.NewId("food"));
        await DefineAsync(first);
        await DefineAsync(second);
        await DefineAsync(first, "Renamed bar");

        var stands = await (await fixture.Organizer.GetAsync("/api/v1/stands")).JsonAsync(HttpStatusCode.OK);

        var ours = stands.GetProperty("stands").EnumerateArray().Where(s => s.GetProperty("standId").GetString() is { } id && (id == first || id == second)).ToArray();
        ours.Select(s => s.GetProperty("standId").GetString()).Should().Equal(first, second);
        ours[0].GetProperty("name").GetString().Should().Be("Renamed bar");
    }

    [Fact]
    public async Task A_terminal_at_a_stand_nobody_defined_gets_no_items_and_sells_by_amount()
    {
        var device = await fixture.EnrollDeviceAsync(standId: TestApi.NewId("bar-undefined"));

        var catalog = await (await device.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/catalog")).JsonAsync(HttpStatusCode.OK);

        catalog.GetProperty("name").ValueKind.Should().Be(JsonValueKind.Null);
        catalog.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Bad_items_are_refused_field_by_field_and_change_nothing()
    {
        var standId = TestApi.NewId("bar");
        var before = await DefineAsync(standId);

        var missing = await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}/items/beer", new { name = "Beer" })).ProblemAsync(HttpStatusCode.BadRequest);
        var wrong = await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}/items/beer",
            new { name = "", price = -1, vatRate = 21.005, category = new string('c', 41), deposit = -5, minimumAge = 99 })).ProblemAsync(HttpStatusCode.BadRequest);
        var extra = await fixture.Organizer.PostRawAsync($"/api/v1/stands/{standId}/items/beer", """{"name":"Beer","price":1,"vatRate":0,"category":"x","stock":5}""");
        var noStand = await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{TestApi.NewId("absent")}/items/beer",
            new { name = "Beer", price = 650, vatRate = 21, category = "drinks" })).ProblemAsync(HttpStatusCode.NotFound);

        missing.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:malformed-request");
        Fields(wrong).Should().BeEquivalentTo("name", "price", "vatRate", "category", "deposit", "minimumAge");
        extra.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.MethodNotAllowed);
        noStand.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:stand-not-found");
        (await (await fixture.Organizer.GetAsync($"/api/v1/stands/{standId}")).JsonAsync(HttpStatusCode.OK)).GetRawText().Should().Be(before.GetRawText());
    }

    [Fact]
    public async Task Only_organizers_manage_stands_and_a_terminal_reads_only_its_own_catalog()
    {
        var standId = TestApi.NewId("bar");
        await DefineAsync(standId);
        var device = await fixture.EnrollDeviceAsync(standId: standId);
        var other = await fixture.EnrollDeviceAsync();

        (await device.Client.PutAsJsonAsync($"/api/v1/stands/{standId}", new { name = "Mine now", vendorId = "v-x" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.TopUp.GetAsync("/api/v1/stands")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().GetAsync($"/api/v1/stands/{standId}")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await other.Client.GetAsync($"/api/v1/devices/{device.DeviceId}/catalog")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await (await fixture.Organizer.GetAsync($"/api/v1/stands/{standId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("name").GetString().Should().Be("Main stage bar");
    }

    private async Task<JsonElement> DefineAsync(string standId, string name = "Main stage bar") =>
        await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}", new { name, vendorId = "v-drinks" })).JsonAsync(HttpStatusCode.OK);

    private async Task<JsonElement> SetItemAsync(string standId, string itemId, object item) =>
        await (await fixture.Organizer.PutAsJsonAsync($"/api/v1/stands/{standId}/items/{itemId}", item)).JsonAsync(HttpStatusCode.OK);

    private static (string ItemId, string Name, long Price, decimal VatRate, string Category, long Deposit, int MinimumAge)[] Items(JsonElement stand) =>
        [.. stand.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("itemId").GetString()!, i.GetProperty("name").GetString()!, i.GetProperty("price").GetInt64(),
            i.GetProperty("vatRate").GetDecimal(), i.GetProperty("category").GetString()!, i.GetProperty("deposit").GetInt64(), i.GetProperty("minimumAge").GetInt32()))];

    private static IEnumerable<string> Fields(JsonElement problem) => problem.GetProperty("errors").EnumerateObject().Select(p => p.Name);
}
