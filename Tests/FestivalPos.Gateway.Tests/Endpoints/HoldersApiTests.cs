using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FestivalPos.Gateway.Tests.Infrastructure;

namespace FestivalPos.Gateway.Tests.Endpoints;

/// <summary>Holder data (GDPR): set, read, export everything about a wallet, erase; bad input changes nothing.</summary>
[Collection(GatewayCollection.Name)]
public sealed class HoldersApiTests(GatewayFixture fixture)
{
    private static readonly object Holder = new { name = "Ana Lopez", email = "ana@example.org", iban = "de89 3704 0044 0532 0130 00" };

    [Fact]
    public async Task An_organizer_sets_and_reads_the_holder_data_and_answers_are_not_cached()
    {
        var (walletId, _) = await fixture.NewWalletAsync();

        var set = await fixture.Organizer.PutAsJsonAsync(Holders(walletId), Holder);
        var stored = await set.JsonAsync(HttpStatusCode.OK);
        var read = await fixture.Organizer.GetAsync(Holders(walletId));

        stored.GetProperty("iban").GetString().Should().Be("DE89370400440532013000", "an IBAN is stored compact and upper case");
        set.Headers.CacheControl!.NoStore.Should().BeTrue();
        read.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = await read.JsonAsync(HttpStatusCode.OK);
        body.GetProperty("name").GetString().Should().Be("Ana Lopez");
        body.GetProperty("email").GetString().Should().Be("ana@example.org");
        body.GetProperty("erasedAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"iban":"DE88 3704 0044 0532 0130 00"}""", "iban")]
    [InlineData("""{"email":"ana@localhost"}""", "email")]
    [InlineData("""{"email":""}""", "email")]
    [InlineData("""{"name":"   "}""", "name")]
    public async Task Bad_holder_data_is_400_and_changes_nothing(string json, string field)
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        (await fixture.Organizer.PutAsJsonAsync(Holders(walletId), Holder)).StatusCode.Should().Be(HttpStatusCode.OK);

        var problem = await (await fixture.Organizer.PutAsync(Holders(walletId), Json(json))).ProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.ToString());
        (await (await fixture.Organizer.GetAsync(Holders(walletId))).JsonAsync(HttpStatusCode.OK)).GetProperty("iban").GetString().Should().Be("DE89370400440532013000");
    }

    [Fact]
    public async Task Unknown_fields_unknown_wallets_and_missing_data_are_refused()
    {
        var (walletId, _) = await fixture.NewWalletAsync();
        var absent = TestApi.NewId("w-absent");

        await (await fixture.Organizer.PutAsync(Holders(walletId), Json("""{"iban":"DE89370400440532013000","balance":5}"""))).ProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await fixture.Organizer.PutAsJsonAsync(Holders(absent), Holder)).ProblemAsync(HttpStatusCode.NotFound);
        var none = await (await fixture.Organizer.GetAsync(Holders(walletId))).ProblemAsync(HttpStatusCode.NotFound);
        var noExport = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{absent}/export")).ProblemAsync(HttpStatusCode.NotFound);

        unknown.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:wallet-not-found");
        none.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:holder-data-not-found", "the unknown field changed nothing");
        noExport.GetProperty("type").GetString().Should().Be("urn:festivalpos:problem:wallet-not-found");
    }

    [Fact]
    public async Task The_export_holds_the_wallet_its_history_with_hashes_wristbands_and_holder_data()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, uid) = await fixture.NewWalletAsync(balance: 1_000);
        (await device.Client.PostAsJsonAsync(device.Payments, TestApi.Payment(1, walletId, 250, uid))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await fixture.Organizer.PutAsJsonAsync(Holders(walletId), Holder)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/export");
        var export = await response.JsonAsync(HttpStatusCode.OK);

        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        export.GetProperty("wallet").GetProperty("balance").GetInt64().Should().Be(750);
        var entries = export.GetProperty("entries").EnumerateArray().ToList();
        entries.Select(e => (e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).Should().Equal(("topup", 1_000L), ("charge", -250L));
        entries.Should().OnlyContain(e => e.GetProperty("hash").GetString()!.Length == 64);
        var history = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/transactions")).JsonAsync(HttpStatusCode.OK);
        entries.Select(e => e.GetProperty("hash").GetString()).Should().Equal(history.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("hash").GetString()));
        export.GetProperty("wristbands").EnumerateArray().Select(w => w.GetString()).Should().Equal(uid);
        export.GetProperty("holder").GetProperty("iban").GetString().Should().Be("DE89370400440532013000");
        export.GetProperty("cashOut").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Erasure_leaves_a_tombstone_the_export_shows_no_personal_data_and_the_ledger_is_unchanged()
    {
        var (walletId, _) = await fixture.NewWalletAsync(balance: 400);
        (await fixture.Organizer.PutAsJsonAsync(Holders(walletId), Holder)).StatusCode.Should().Be(HttpStatusCode.OK);
        var before = await fixture.WalletAsync(walletId);

        var erased = await (await fixture.Organizer.DeleteAsync(Holders(walletId))).JsonAsync(HttpStatusCode.OK);
        var again = await (await fixture.Organizer.DeleteAsync(Holders(walletId))).JsonAsync(HttpStatusCode.OK);
        var export = await (await fixture.Organizer.GetAsync($"/api/v1/wallets/{walletId}/export")).JsonAsync(HttpStatusCode.OK);

        erased.GetProperty("erasedAt").ValueKind.Should().Be(JsonValueKind.String);
        again.GetProperty("erasedAt").GetString().Should().Be(erased.GetProperty("erasedAt").GetString(), "erasing again keeps the first tombstone");
        var holder = export.GetProperty("holder");
        new[] { "name", "email", "iban" }.Should().OnlyContain(part => holder.GetProperty(part).ValueKind == JsonValueKind.Null);
        export.ToString().Should().NotContain("Lopez").And.NotContain("DE89");
        (await fixture.WalletAsync(walletId)).ToString().Should().Be(before.ToString(), "erasure writes nothing to the ledger");
    }

    [Fact]
    public async Task Only_organizers_reach_holder_data()
    {
        var device = await fixture.EnrollDeviceAsync();
        var (walletId, _) = await fixture.NewWalletAsync();

        (await fixture.TopUp.PutAsJsonAsync(Holders(walletId), Holder)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.TopUp.GetAsync(Holders(walletId))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await device.Client.GetAsync($"/api/v1/wallets/{walletId}/export")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await device.Client.DeleteAsync(Holders(walletId))).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.Anonymous().GetAsync(Holders(walletId))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await fixture.Organizer.GetAsync(Holders(walletId))).StatusCode.Should().Be(HttpStatusCode.NotFound, "the refused calls stored nothing");
    }

    private static string Holders(string walletId) => $"/api/v1/wallets/{walletId}/holder";

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
