using System.Net;
using System.Text;
using FestivalPos.Gateway.Api.Apis;
using FestivalPos.Gateway.Api.Auth;
using FestivalPos.Gateway.Api.OpenApi;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Auth;
using FestivalPos.Grains.Interfaces.Catalog;
using FestivalPos.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace FestivalPos.Gateway.Tests.OpenApi;

/// <summary>
/// The document lists exactly what the gateway answers: real requests produce every status of every
/// operation (including 429 from a gateway with tiny rate limits and 503 from one whose silo is gone),
/// each answer is one its operation documents (status, media type, problem type and title, required
/// headers, body properties), and no operation documents a status that no request here produces.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentedStatusTests(GatewayFixture fixture)
{
    private const string Json = "application/json";

    private const string SalesReport = "/api/v1/reports/sales?standId=bar-1&from=2026-07-18T21:00:00Z&to=2026-07-18T22:00:00Z";

    /// <summary>Over the default Offline:DefaultMaxPerWallet (5000) a device may sell one wallet offline.</summary>
    private const long OverOfflineLimit = 6000;

    [Fact]
    public async Task Every_answer_is_documented_for_its_operation_and_every_documented_status_is_produced()
    {
        var document = await DocumentedAnswers.ReadAsync(fixture.Management());
        var callers = await Callers.SignInAsync(fixture, fixture.Gateway);
        var probes = new List<Probe>();
        probes.AddRange(await SpecificProbesAsync(callers));
        if (document.HasOperation("ApproveReview"))
        {
            probes.AddRange(await ReviewProbesAsync(callers));
        }

        if (document.HasOperation("CreatePayoutBatch"))
        {
            probes.AddRange(await CashOutProbesAsync(callers));
        }

        probes.AddRange(Specs(callers).SelectMany(spec => GenericProbes(spec, callers)));
        probes.RemoveAll(probe => !document.HasOperation(probe.OperationId));
        var mismatches = new List<string>();

        foreach (var probe in probes)
        {
            mismatches.AddRange(await RunAsync(document, probe));
        }

        mismatches.AddRange(await RunWithConfiguredKeysAsync(document, probes));
        mismatches.AddRange(await RunRateLimitedAsync(document, probes));
        mismatches.AddRange(await RunWithoutClusterAsync(document, probes));

        var produced = probes.Select(probe => (probe.OperationId, (int)probe.Status)).ToHashSet();
        mismatches.AddRange(
            from operation in document.Operations()
            from status in operation.Statuses
            where !produced.Contains((operation.OperationId, status))
            select $"{operation.OperationId} documents {status}, which no request here produces");
        mismatches.Should().BeEmpty(string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task Every_operation_has_a_row_in_the_table_of_answers()
    {
        var document = await DocumentedAnswers.ReadAsync(fixture.Management());

        document.Operations().Select(operation => operation.OperationId).Should().OnlyContain(id => OperationAnswers.ByEndpointName.ContainsKey(id));
    }

    private static async Task<IReadOnlyList<string>> RunAsync(DocumentedAnswers document, Probe probe)
    {
        using var request = probe.Request();
        using var response = await probe.Client.SendAsync(request);
        return await RunCheckedAsync(document, probe, request, response);
    }

    /// <summary>409 for a rotation on a gateway whose signing keys come from configuration.</summary>
    private async Task<IReadOnlyList<string>> RunWithConfiguredKeysAsync(DocumentedAnswers document, List<Probe> probes)
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var configured = P("RotateSigningKey", 409, organizer, HttpMethod.Post, "/api/v1/auth/signing-keys/rotate");
        probes.Add(configured);
        return document.HasOperation(configured.OperationId) ? await RunAsync(document, configured) : [];
    }

    /// <summary>429 for every operation: requests without a token share one bucket per address, token requests theirs.</summary>
    private async Task<IReadOnlyList<string>> RunRateLimitedAsync(DocumentedAnswers document, List<Probe> probes)
    {
        await using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?>
        {
            ["RateLimits:PermitsPerSecondPerClient"] = "1",
            ["RateLimits:BurstPerClient"] = "1",
            ["RateLimits:TokenRequestsPerMinutePerAddress"] = "1",
            ["RateLimits:TokenRequestBurstPerAddress"] = "1",
            ["Sync:MaxConcurrentBatches"] = "1",
            ["Sync:BatchQueueSeconds"] = "0",
        });
        var device = await TestApi.EnrollDeviceAsync(fixture.Organizer, gateway);
        var anonymous = gateway.CreateClient();
        var callers = new Callers(anonymous, anonymous, anonymous, device, device, TestApi.NewId("w"));
        var mismatches = new List<string>();
        foreach (var spec in Specs(callers).Where(spec => document.HasOperation(spec.OperationId)))
        {
            var probe = new Probe(spec.OperationId, HttpStatusCode.TooManyRequests, anonymous, () => spec.Request(null));
            probes.Add(probe);
            for (var attempt = 0; attempt < 5; attempt++)
            {
                // The bucket refills every second: spend it, then ask at once.
                using var spend = spec.Request(null);
                await anonymous.SendAsync(spend);
                using var request = spec.Request(null);
                using var response = await anonymous.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || attempt == 4)
                {
                    mismatches.AddRange(await RunCheckedAsync(document, probe, request, response));
                    break;
                }
            }
        }

        // A batch that finds no free slot in the gateway's queue: 503 cluster-busy.
        var admission = gateway.Services.GetRequiredService<BatchAdmission>();
        using (await admission.EnterAsync(TestApi.NewId("d-other"), 1, CancellationToken.None))
        {
            var busy = new Probe("SyncBatch", HttpStatusCode.ServiceUnavailable, device.Client, () => Send(HttpMethod.Post, device.Batches, """{"transactions":[]}"""));
            probes.Add(busy);
            mismatches.AddRange(await RunAsync(document, busy));
        }

        // A second batch of a device whose batch is still in flight: 429 batch-in-flight.
        using (await admission.EnterAsync(device.DeviceId, 1, CancellationToken.None))
        {
            var inFlight = new Probe("SyncBatch", HttpStatusCode.TooManyRequests, device.Client, () => Send(HttpMethod.Post, device.Batches, """{"transactions":[]}"""));
            probes.Add(inFlight);
            mismatches.AddRange(await RunAsync(document, inFlight));
        }

        return mismatches;
    }

    /// <summary>503 for every operation: the gateway's only silo has stopped.</summary>
    private static async Task<IReadOnlyList<string>> RunWithoutClusterAsync(DocumentedAnswers document, List<Probe> probes)
    {
        await using var silo = await TestSilo.StartAsync();
        await using var gateway = new GatewayFactory(silo, new Dictionary<string, string?> { ["Cluster:ResponseTimeoutSeconds"] = "2" });
        var organizer = await GatewayFixture.SignedInAsync(gateway, GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        var callers = await Callers.SignInAsync(organizer, gateway);

        // The fresh cluster's only organizer may not revoke itself.
        var last = P("RevokeClient", 409, organizer, HttpMethod.Post, $"/api/v1/clients/{GatewayFactory.OrganizerId}/revoke");
        probes.Add(last);
        var lastMismatches = await RunAsync(document, last);
        await silo.DisposeAsync();

        var unavailable = Specs(callers).Where(spec => document.HasOperation(spec.OperationId)).Select(spec => new Probe(spec.OperationId, HttpStatusCode.ServiceUnavailable, spec.Allowed, () => spec.Request(null))).ToList();
        probes.AddRange(unavailable);
        var results = await Task.WhenAll(unavailable.Select(probe => RunAsync(document, probe)));
        return [.. lastMismatches, .. results.SelectMany(result => result)];
    }

    private static async Task<IReadOnlyList<string>> RunCheckedAsync(DocumentedAnswers document, Probe probe, HttpRequestMessage request, HttpResponseMessage response)
    {
        var mismatches = new List<string>();
        if (response.StatusCode != probe.Status)
        {
            mismatches.Add($"probe {probe} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        mismatches.AddRange(await document.CheckAsync(probe.OperationId, request, response));
        return mismatches;
    }

    /// <summary>One operation as a caller allowed to make it sends it, and a caller whose role may not.</summary>
    private sealed record Spec(string OperationId, HttpMethod Method, string Path, string? Body, HttpClient Allowed, HttpClient? Refused)
    {
        public HttpRequestMessage Request(string? mediaType) => Send(Method, Path, Body, mediaType ?? Json);
    }

    private static IEnumerable<Spec> Specs(Callers c)
    {
        var wallet = $"/api/v1/wallets/{c.WalletId}";
        return
        [
            new("IssueToken", HttpMethod.Post, "/api/v1/auth/token", $$"""{"clientId":"{{GatewayFactory.OrganizerId}}","clientSecret":"{{GatewayFactory.OrganizerSecret}}"}""", c.Anonymous, null),
            new("RotateSigningKey", HttpMethod.Post, "/api/v1/auth/signing-keys/rotate", null, c.Organizer, c.Device.Client),
            new("EnrollDevice", HttpMethod.Post, "/api/v1/devices", $$"""{"deviceId":"{{TestApi.NewId("d")}}","standId":"bar-1"}""", c.Organizer, c.TopUp),
            new("RevokeDevice", HttpMethod.Post, $"/api/v1/devices/{TestApi.NewId("d-absent")}/revoke", null, c.Organizer, c.TopUp),
            new("GetDevice", HttpMethod.Get, $"/api/v1/devices/{c.Device.DeviceId}", null, c.Organizer, c.TopUp),
            new("RevokeClient", HttpMethod.Post, $"/api/v1/clients/{TestApi.NewId("absent")}/revoke", null, c.Organizer, c.TopUp),
            new("RotateClientSecret", HttpMethod.Post, $"/api/v1/clients/{TestApi.NewId("absent")}/rotate-secret", null, c.Organizer, c.TopUp),
            new("CreateWallet", HttpMethod.Post, "/api/v1/wallets", $$"""{"walletId":"{{TestApi.NewId("w")}}"}""", c.Organizer, c.TopUp),
            new("LinkWristband", HttpMethod.Post, $"{wallet}/wristbands", $$"""{"uid":"{{TestApi.NewId("uid")}}"}""", c.Organizer, c.TopUp),
            new("SetPin", HttpMethod.Put, $"{wallet}/pin", """{"pin":"1234"}""", c.Organizer, c.TopUp),
            new("BlockWallet", HttpMethod.Post, $"{wallet}/block", null, c.Organizer, c.TopUp),
            new("UnblockWallet", HttpMethod.Post, $"{wallet}/unblock", null, c.Organizer, c.TopUp),
            new("IssueQrToken", HttpMethod.Post, $"{wallet}/qr-token", null, c.Organizer, c.TopUp),
            new("IssueAttendeeCode", HttpMethod.Post, $"{wallet}/attendee-code", null, c.Organizer, c.TopUp),
            new("GetSunWristbandKeys", HttpMethod.Post, "/api/v1/wristbands/sun-keys", """{"uids":["04DE5F1EACC040"]}""", c.Organizer, c.Device.Client),
            new("GetWallet", HttpMethod.Get, wallet, null, c.TopUp, c.Device.Client),
            new("GetWalletTransactions", HttpMethod.Get, $"{wallet}/transactions?after=0&limit=10", null, c.Organizer, c.TopUp),
            new("TopUp", HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{TestApi.NewId("t")}}","walletId":"{{c.WalletId}}","amount":5}""", c.TopUp, c.Organizer),
            new("ListStands", HttpMethod.Get, "/api/v1/stands", null, c.Organizer, c.TopUp),
            new("DefineStand", HttpMethod.Put, "/api/v1/stands/bar-docs", Stand, c.Organizer, c.Device.Client),
            new("GetStand", HttpMethod.Get, "/api/v1/stands/bar-docs", null, c.Organizer, c.TopUp),
            new("SetCatalogItem", HttpMethod.Put, "/api/v1/stands/bar-docs/items/beer", Item(650), c.Organizer, c.Device.Client),
            new("RemoveCatalogItem", HttpMethod.Delete, "/api/v1/stands/bar-docs/items/beer", null, c.Organizer, c.TopUp),
            new("GetDeviceCatalog", HttpMethod.Get, $"/api/v1/devices/{c.Device.DeviceId}/catalog", null, c.Device.Client, c.TopUp),
            new("Refund", HttpMethod.Post, "/api/v1/refunds", Refund(TestApi.NewId("r"), c.WalletId, $"{c.Device.DeviceId}:1", 1), c.Organizer, c.TopUp),
            new("RefundOwnSale", HttpMethod.Post, c.Device.Refunds, Refund(TestApi.NewId("r"), c.WalletId, $"{c.Device.DeviceId}:1", 1), c.Device.Client, c.Organizer),
            new("Charge", HttpMethod.Post, c.Device.Payments, Payment(1_000_000, c.WalletId, 1, "uid-x"), c.Device.Client, c.Organizer),
            new("SyncBatch", HttpMethod.Post, c.Device.Batches, """{"transactions":[]}""", c.Device.Client, c.Organizer),
            new("GetOfflineSnapshot", HttpMethod.Get, c.Device.Snapshot, null, c.Device.Client, c.TopUp),
            new("ListReview", HttpMethod.Get, "/api/v1/review?after=0&limit=10", null, c.Organizer, c.TopUp),
            new("ApproveReview", HttpMethod.Post, $"/api/v1/review/{TestApi.NewId("d-absent")}:1/approve", null, c.Organizer, c.TopUp),
            new("DismissReview", HttpMethod.Post, $"/api/v1/review/{TestApi.NewId("d-absent")}:1/dismiss", null, c.Organizer, c.TopUp),
            new("SetHolderData", HttpMethod.Put, $"{wallet}/holder", Holder, c.Organizer, c.TopUp),
            new("GetHolderData", HttpMethod.Get, $"{wallet}/holder", null, c.Organizer, c.TopUp),
            new("EraseHolderData", HttpMethod.Delete, $"{wallet}/holder", null, c.Organizer, c.TopUp),
            new("ExportWallet", HttpMethod.Get, $"{wallet}/export", null, c.Organizer, c.TopUp),
            new("RequestCashOut", HttpMethod.Post, $"{wallet}/cash-out", null, c.Organizer, c.TopUp),
            new("WithdrawCashOut", HttpMethod.Delete, $"{wallet}/cash-out", null, c.Organizer, c.TopUp),
            new("CreatePayoutBatch", HttpMethod.Post, "/api/v1/payouts/batches", $$"""{"batchId":"{{TestApi.NewId("batch")}}"}""", c.Organizer, c.TopUp),
            new("GetPayoutBatch", HttpMethod.Get, $"/api/v1/payouts/batches/{TestApi.NewId("batch-absent")}", null, c.TopUp, c.Organizer),
            new("ConfirmPayout", HttpMethod.Post, $"/api/v1/payouts/{TestApi.NewId("batch-absent")}:{c.WalletId}/confirm", null, c.TopUp, c.Organizer),
            new("GetSalesReport", HttpMethod.Get, SalesReport, null, c.Organizer, c.TopUp),
            new("GetSettlement", HttpMethod.Get, "/api/v1/reports/settlement?by=stand", null, c.Organizer, c.TopUp),
            new("GetSettlementCsv", HttpMethod.Get, "/api/v1/reports/settlement.csv?by=vendor", null, c.Organizer, c.Device.Client),
            new("GetExposureReport", HttpMethod.Get, "/api/v1/reports/exposure", null, c.Organizer, c.Device.Client),
            new("GetDevicesReport", HttpMethod.Get, "/api/v1/reports/devices", null, c.Organizer, c.TopUp),
            new("GetAnomaliesReport", HttpMethod.Get, "/api/v1/reports/anomalies", null, c.Organizer, c.Device.Client),
        ];
    }

    /// <summary>No token, a refused role, and for a JSON body: unreadable, too large and not JSON.</summary>
    private static IEnumerable<Probe> GenericProbes(Spec spec, Callers c)
    {
        if (spec.Refused is { } refused)
        {
            yield return new Probe(spec.OperationId, HttpStatusCode.Unauthorized, c.Anonymous, () => spec.Request(null));
            yield return new Probe(spec.OperationId, HttpStatusCode.Forbidden, refused, () => spec.Request(null));
        }

        if (spec.Body is not null)
        {
            yield return new Probe(spec.OperationId, HttpStatusCode.BadRequest, spec.Allowed, () => Send(spec.Method, spec.Path, """{"truncated":"""));
            yield return new Probe(spec.OperationId, HttpStatusCode.RequestEntityTooLarge, c.Anonymous,
                () => Send(spec.Method, spec.Path, $$"""{"padding":"{{new string('x', 1_100_000)}}"}"""));
            yield return new Probe(spec.OperationId, HttpStatusCode.UnsupportedMediaType, spec.Allowed, () => spec.Request("text/plain"));
        }
    }

    /// <summary>Successes, validation problems, unknown resources and conflicts, each with the state it needs.</summary>
    private async Task<IEnumerable<Probe>> SpecificProbesAsync(Callers c)
    {
        var (other, _) = await fixture.NewWalletAsync();
        var absentWallet = $"/api/v1/wallets/{TestApi.NewId("w-absent")}";
        var absentDevice = $"/api/v1/devices/{TestApi.NewId("d-absent")}";
        var spare = await fixture.EnrollDeviceAsync();
        var revoked = await fixture.EnrollDeviceAsync();
        (await fixture.Organizer.PostAsync($"/api/v1/devices/{revoked.DeviceId}/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var ghost = await GhostDeviceAsync();
        var rotated = await fixture.EnrollDeviceAsync();
        var retired = await fixture.EnrollDeviceAsync();
        var topupId = TestApi.NewId("t");
        (await c.TopUp.SendAsync(Send(HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{topupId}}","walletId":"{{c.WalletId}}","amount":7}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await c.Device.Client.SendAsync(Send(HttpMethod.Post, c.Device.Payments, Payment(1, c.WalletId, 10, c.Uid)))).StatusCode.Should().Be(HttpStatusCode.OK);
        var tooMany = $$"""{"transactions":[{{string.Join(',', Enumerable.Range(1, 1001).Select(seq => Offline(seq, c.WalletId)))}}]}""";
        var garbage = GatewayFixture.WithToken(fixture.Anonymous(), "not-a-token");
        var wallet = $"/api/v1/wallets/{c.WalletId}";
        var sold = $"{c.Device.DeviceId}:1";
        var refundId = TestApi.NewId("r");
        var stand = TestApi.NewId("bar");
        var absentStand = TestApi.NewId("bar-absent");
        var fullStand = await FullStandAsync();

        return
        [
            P("IssueToken", 200, c.Anonymous, HttpMethod.Post, "/api/v1/auth/token", $$"""{"clientId":"{{GatewayFactory.TopUpId}}","clientSecret":"{{GatewayFactory.TopUpSecret}}"}"""),
            P("IssueToken", 400, c.Anonymous, HttpMethod.Post, "/api/v1/auth/token", """{"clientId":"","clientSecret":"x"}"""),
            P("IssueToken", 401, c.Anonymous, HttpMethod.Post, "/api/v1/auth/token", $$"""{"clientId":"{{GatewayFactory.OrganizerId}}","clientSecret":"a-wrong-secret-for-sure"}"""),

            P("RotateSigningKey", 200, c.Organizer, HttpMethod.Post, "/api/v1/auth/signing-keys/rotate"),

            P("EnrollDevice", 201, c.Organizer, HttpMethod.Post, "/api/v1/devices", $$"""{"deviceId":"{{TestApi.NewId("d")}}","standId":"bar-1"}"""),
            P("EnrollDevice", 400, c.Organizer, HttpMethod.Post, "/api/v1/devices", """{"deviceId":"bad id","standId":"bar-1"}"""),
            P("EnrollDevice", 409, c.Organizer, HttpMethod.Post, "/api/v1/devices", $$"""{"deviceId":"{{c.Device.DeviceId}}","standId":"bar-1"}"""),
            P("RevokeDevice", 204, c.Organizer, HttpMethod.Post, $"/api/v1/devices/{spare.DeviceId}/revoke"),
            P("RevokeDevice", 400, c.Organizer, HttpMethod.Post, "/api/v1/devices/bad%20id/revoke"),
            P("RevokeDevice", 404, c.Organizer, HttpMethod.Post, $"{absentDevice}/revoke"),
            P("GetDevice", 200, c.Organizer, HttpMethod.Get, $"/api/v1/devices/{c.Device.DeviceId}"),
            P("RevokeClient", 204, c.Organizer, HttpMethod.Post, $"/api/v1/clients/{retired.ClientId}/revoke"),
            P("RevokeClient", 400, c.Organizer, HttpMethod.Post, "/api/v1/clients/bad%20id/revoke"),
            P("RevokeClient", 404, c.Organizer, HttpMethod.Post, $"/api/v1/clients/{TestApi.NewId("absent")}/revoke"),
            P("RotateClientSecret", 200, c.Organizer, HttpMethod.Post, $"/api/v1/clients/{rotated.ClientId}/rotate-secret"),
            P("RotateClientSecret", 400, c.Organizer, HttpMethod.Post, "/api/v1/clients/bad%20id/rotate-secret"),
            P("RotateClientSecret", 404, c.Organizer, HttpMethod.Post, $"/api/v1/clients/{TestApi.NewId("absent")}/rotate-secret"),
            P("RotateClientSecret", 409, c.Organizer, HttpMethod.Post, $"/api/v1/clients/{revoked.ClientId}/rotate-secret"),
            P("GetDevice", 400, c.Organizer, HttpMethod.Get, "/api/v1/devices/bad%20id"),
            P("GetDevice", 404, c.Organizer, HttpMethod.Get, absentDevice),

            P("CreateWallet", 201, c.Organizer, HttpMethod.Post, "/api/v1/wallets", $$"""{"walletId":"{{TestApi.NewId("w")}}"}"""),
            P("CreateWallet", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets", """{"walletId":"has space"}"""),
            P("CreateWallet", 409, c.Organizer, HttpMethod.Post, "/api/v1/wallets", $$"""{"walletId":"{{c.WalletId}}"}"""),
            P("LinkWristband", 204, c.Organizer, HttpMethod.Post, $"{wallet}/wristbands", $$"""{"uid":"{{TestApi.NewId("uid")}}"}"""),
            P("LinkWristband", 400, c.Organizer, HttpMethod.Post, $"{wallet}/wristbands", """{"uid":"bad uid"}"""),
            P("LinkWristband", 404, c.Organizer, HttpMethod.Post, $"{absentWallet}/wristbands", $$"""{"uid":"{{TestApi.NewId("uid")}}"}"""),
            P("LinkWristband", 409, c.Organizer, HttpMethod.Post, $"/api/v1/wallets/{other}/wristbands", $$"""{"uid":"{{c.Uid}}"}"""),
            P("SetPin", 204, c.Organizer, HttpMethod.Put, $"{wallet}/pin", """{"pin":"1234"}"""),
            P("SetPin", 400, c.Organizer, HttpMethod.Put, $"{wallet}/pin", """{"pin":"12"}"""),
            P("SetPin", 404, c.Organizer, HttpMethod.Put, $"{absentWallet}/pin", """{"pin":"1234"}"""),
            P("BlockWallet", 204, c.Organizer, HttpMethod.Post, $"/api/v1/wallets/{other}/block"),
            P("BlockWallet", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets/bad%20id/block"),
            P("BlockWallet", 404, c.Organizer, HttpMethod.Post, $"{absentWallet}/block"),
            P("UnblockWallet", 204, c.Organizer, HttpMethod.Post, $"/api/v1/wallets/{other}/unblock"),
            P("UnblockWallet", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets/bad%20id/unblock"),
            P("UnblockWallet", 404, c.Organizer, HttpMethod.Post, $"{absentWallet}/unblock"),
            P("IssueQrToken", 200, c.Organizer, HttpMethod.Post, $"{wallet}/qr-token"),
            P("IssueQrToken", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets/bad%20id/qr-token"),
            P("IssueQrToken", 404, c.Organizer, HttpMethod.Post, $"{absentWallet}/qr-token"),
            P("IssueAttendeeCode", 200, c.Organizer, HttpMethod.Post, $"{wallet}/attendee-code"),
            P("IssueAttendeeCode", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets/bad%20id/attendee-code"),
            P("IssueAttendeeCode", 404, c.Organizer, HttpMethod.Post, $"{absentWallet}/attendee-code"),
            P("GetSunWristbandKeys", 200, c.Organizer, HttpMethod.Post, "/api/v1/wristbands/sun-keys", """{"uids":["04DE5F1EACC040","041E3C8A2D6B80"]}"""),
            P("GetSunWristbandKeys", 400, c.Organizer, HttpMethod.Post, "/api/v1/wristbands/sun-keys", """{"uids":["04de5f1eacc040"]}"""),
            P("GetWallet", 200, c.TopUp, HttpMethod.Get, wallet),
            P("GetWallet", 400, c.Organizer, HttpMethod.Get, "/api/v1/wallets/bad%20id"),
            P("GetWallet", 404, c.Organizer, HttpMethod.Get, absentWallet),
            P("GetWalletTransactions", 200, c.Organizer, HttpMethod.Get, $"{wallet}/transactions?after=0&limit=10"),
            P("GetWalletTransactions", 400, c.Organizer, HttpMethod.Get, $"{wallet}/transactions?limit=0"),
            P("GetWalletTransactions", 400, c.Organizer, HttpMethod.Get, $"{wallet}/transactions?after=abc"),
            P("GetWalletTransactions", 404, c.Organizer, HttpMethod.Get, $"{absentWallet}/transactions"),

            P("TopUp", 200, c.TopUp, HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{topupId}}","walletId":"{{c.WalletId}}","amount":7}"""),
            P("TopUp", 400, c.TopUp, HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{topupId}}","walletId":"{{c.WalletId}}","amount":0}"""),
            P("TopUp", 404, c.TopUp, HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{TestApi.NewId("t")}}","walletId":"{{TestApi.NewId("w-absent")}}","amount":7}"""),
            P("TopUp", 409, c.TopUp, HttpMethod.Post, "/api/v1/topups", $$"""{"topupId":"{{topupId}}","walletId":"{{c.WalletId}}","amount":8}"""),

            P("DefineStand", 200, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{stand}", Stand),
            P("DefineStand", 400, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{stand}", """{"name":" ","vendorId":"v-1"}"""),
            P("SetCatalogItem", 200, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{stand}/items/beer", Item(650)),
            P("SetCatalogItem", 400, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{stand}/items/beer", Item(-1)),
            P("SetCatalogItem", 404, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{absentStand}/items/beer", Item(650)),
            P("SetCatalogItem", 409, c.Organizer, HttpMethod.Put, $"/api/v1/stands/{fullStand}/items/one-more", Item(650)),
            P("ListStands", 200, c.Organizer, HttpMethod.Get, "/api/v1/stands"),
            P("GetStand", 200, c.Organizer, HttpMethod.Get, $"/api/v1/stands/{stand}"),
            P("GetStand", 400, c.Organizer, HttpMethod.Get, "/api/v1/stands/bad%20id"),
            P("GetStand", 404, c.Organizer, HttpMethod.Get, $"/api/v1/stands/{absentStand}"),
            P("GetDeviceCatalog", 200, c.Device.Client, HttpMethod.Get, $"/api/v1/devices/{c.Device.DeviceId}/catalog"),
            P("GetDeviceCatalog", 400, c.Organizer, HttpMethod.Get, "/api/v1/devices/bad%20id/catalog"),
            P("GetDeviceCatalog", 403, c.Other.Client, HttpMethod.Get, $"/api/v1/devices/{c.Device.DeviceId}/catalog"),
            P("GetDeviceCatalog", 404, c.Organizer, HttpMethod.Get, $"{absentDevice}/catalog"),
            P("RemoveCatalogItem", 200, c.Organizer, HttpMethod.Delete, $"/api/v1/stands/{stand}/items/beer"),
            P("RemoveCatalogItem", 400, c.Organizer, HttpMethod.Delete, $"/api/v1/stands/{stand}/items/bad%20id"),
            P("RemoveCatalogItem", 404, c.Organizer, HttpMethod.Delete, $"/api/v1/stands/{stand}/items/beer"),

            P("GetSettlement", 200, c.Organizer, HttpMethod.Get, "/api/v1/reports/settlement?by=vendor&day=2026-07-18"),
            P("GetSettlement", 400, c.Organizer, HttpMethod.Get, "/api/v1/reports/settlement?by=day"),
            P("GetSettlementCsv", 200, c.Organizer, HttpMethod.Get, "/api/v1/reports/settlement.csv?by=stand"),
            P("GetSettlementCsv", 400, c.Organizer, HttpMethod.Get, "/api/v1/reports/settlement.csv?by=stand&day=tomorrow"),

            P("Refund", 200, c.Organizer, HttpMethod.Post, "/api/v1/refunds", Refund(refundId, c.WalletId, sold, 1)),
            P("Refund", 400, c.Organizer, HttpMethod.Post, "/api/v1/refunds", Refund(TestApi.NewId("r"), c.WalletId, sold, 0)),
            P("Refund", 404, c.Organizer, HttpMethod.Post, "/api/v1/refunds", Refund(TestApi.NewId("r"), c.WalletId, $"{c.Device.DeviceId}:999", 1)),
            P("Refund", 409, c.Organizer, HttpMethod.Post, "/api/v1/refunds", Refund(refundId, c.WalletId, sold, 2)),
            P("RefundOwnSale", 200, c.Device.Client, HttpMethod.Post, c.Device.Refunds, Refund(TestApi.NewId("r"), c.WalletId, sold, 1)),
            P("RefundOwnSale", 400, c.Device.Client, HttpMethod.Post, c.Device.Refunds, Refund(TestApi.NewId("r"), c.WalletId, "no-seq", 1)),
            P("RefundOwnSale", 403, c.Other.Client, HttpMethod.Post, c.Other.Refunds, Refund(TestApi.NewId("r"), c.WalletId, sold, 1)),
            P("RefundOwnSale", 404, c.Device.Client, HttpMethod.Post, c.Device.Refunds, Refund(TestApi.NewId("r"), c.WalletId, $"{c.Device.DeviceId}:999", 1)),
            P("RefundOwnSale", 409, c.Device.Client, HttpMethod.Post, c.Device.Refunds, Refund(TestApi.NewId("r"), c.WalletId, sold, 100)),

            P("Charge", 200, c.Device.Client, HttpMethod.Post, c.Device.Payments, Payment(1, c.WalletId, 10, c.Uid)),
            P("Charge", 400, c.Device.Client, HttpMethod.Post, c.Device.Payments, Payment(2, c.WalletId, 0, c.Uid)),
            P("Charge", 401, garbage, HttpMethod.Post, c.Device.Payments, Payment(2, c.WalletId, 10, c.Uid)),
            P("Charge", 401, revoked.Client, HttpMethod.Post, revoked.Payments, Payment(1, c.WalletId, 10, c.Uid)),
            P("Charge", 403, c.Other.Client, HttpMethod.Post, c.Device.Payments, Payment(2, c.WalletId, 10, c.Uid)),
            P("Charge", 404, c.Device.Client, HttpMethod.Post, c.Device.Payments, Payment(3, TestApi.NewId("w-absent"), 10, c.Uid)),
            P("Charge", 404, ghost.Client, HttpMethod.Post, ghost.Payments, Payment(1, c.WalletId, 10, c.Uid)),
            P("Charge", 409, c.Device.Client, HttpMethod.Post, c.Device.Payments, Payment(1, c.WalletId, 11, c.Uid)),
            P("SyncBatch", 200, c.Device.Client, HttpMethod.Post, c.Device.Batches, """{"transactions":[]}"""),
            P("SyncBatch", 400, c.Device.Client, HttpMethod.Post, c.Device.Batches, $$"""{"transactions":[{{Offline(0, c.WalletId)}}]}"""),
            P("SyncBatch", 400, c.Device.Client, HttpMethod.Post, c.Device.Batches, tooMany),
            P("SyncBatch", 403, c.Other.Client, HttpMethod.Post, c.Device.Batches, """{"transactions":[]}"""),
            P("SyncBatch", 404, ghost.Client, HttpMethod.Post, ghost.Batches, """{"transactions":[]}"""),
            P("GetOfflineSnapshot", 200, c.Device.Client, HttpMethod.Get, c.Device.Snapshot),
            P("GetOfflineSnapshot", 400, c.Device.Client, HttpMethod.Get, $"{c.Device.Snapshot}?since=-1"),
            P("GetOfflineSnapshot", 400, c.Device.Client, HttpMethod.Get, $"{c.Device.Snapshot}?since=abc"),
            P("GetOfflineSnapshot", 403, c.Other.Client, HttpMethod.Get, c.Device.Snapshot),
            P("GetOfflineSnapshot", 404, c.Organizer, HttpMethod.Get, $"{absentDevice}/offline-snapshot"),

            P("GetSalesReport", 200, c.Organizer, HttpMethod.Get, SalesReport),
            P("GetSalesReport", 400, c.Organizer, HttpMethod.Get, "/api/v1/reports/sales?standId=bar-1&from=2026-07-18T22:00:00Z&to=2026-07-18T21:00:00Z"),
            P("GetExposureReport", 200, c.Organizer, HttpMethod.Get, "/api/v1/reports/exposure"),
            P("GetDevicesReport", 200, c.Organizer, HttpMethod.Get, "/api/v1/reports/devices"),
            P("GetAnomaliesReport", 200, c.Organizer, HttpMethod.Get, "/api/v1/reports/anomalies?kind=wrongPins&limit=5"),
            P("GetAnomaliesReport", 400, c.Organizer, HttpMethod.Get, "/api/v1/reports/anomalies?kind=everything"),
            P("GetAnomaliesReport", 400, c.Organizer, HttpMethod.Get, "/api/v1/reports/anomalies?limit=many"),
        ];
    }

    /// <summary>
    /// The review of refused offline transactions (API 1.1): two refused for their signature (one dismissed,
    /// one that cannot be approved) and one correctly signed but over the device's offline limit.
    /// </summary>
    private async Task<IEnumerable<Probe>> ReviewProbesAsync(Callers c)
    {
        var device = await fixture.EnrollDeviceAsync();
        var createdAt = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var forged = Convert.ToBase64String(new byte[32]);
        var signed = OfflineSignature.Sign(device.Key, device.DeviceId, 3, c.WalletId, OverOfflineLimit, createdAt, "nfc", c.Uid);
        var batch = $$"""
            {"transactions":[
              {"seq":1,"walletId":"{{c.WalletId}}","amount":1,"createdAt":"{{createdAt}}","credential":{"type":"nfc","value":"{{c.Uid}}"},"signature":"{{forged}}"},
              {"seq":2,"walletId":"{{c.WalletId}}","amount":1,"createdAt":"{{createdAt}}","credential":{"type":"nfc","value":"{{c.Uid}}"},"signature":"{{forged}}"},
              {"seq":3,"walletId":"{{c.WalletId}}","amount":{{OverOfflineLimit}},"createdAt":"{{createdAt}}","credential":{"type":"nfc","value":"{{c.Uid}}"},"signature":"{{signed}}"}]}
            """;
        var synced = await device.Client.SendAsync(Send(HttpMethod.Post, device.Batches, batch));
        (await synced.Content.ReadAsStringAsync()).Should().Contain("rejected");
        var review = $"/api/v1/review/{device.DeviceId}";

        return
        [
            P("ListReview", 200, c.Organizer, HttpMethod.Get, "/api/v1/review?after=0&limit=10"),
            P("ListReview", 400, c.Organizer, HttpMethod.Get, "/api/v1/review?after=abc"),
            P("ApproveReview", 204, c.Organizer, HttpMethod.Post, $"{review}:3/approve"),
            P("ApproveReview", 404, c.Organizer, HttpMethod.Post, $"/api/v1/review/{TestApi.NewId("d-absent")}:1/approve"),
            P("ApproveReview", 409, c.Organizer, HttpMethod.Post, $"{review}:1/approve"),
            P("DismissReview", 204, c.Organizer, HttpMethod.Post, $"{review}:2/dismiss"),
            P("DismissReview", 404, c.Organizer, HttpMethod.Post, $"/api/v1/review/{TestApi.NewId("d-absent")}:1/dismiss"),
            P("DismissReview", 409, c.Organizer, HttpMethod.Post, $"{review}:3/dismiss"),
        ];
    }

    /// <summary>
    /// Holder data and cash-out: a wallet with holder data only; one paid out and not yet confirmed; one skipped by a
    /// first batch (blocked) and paid by a second, so that no request is left open and a new batch finds nothing to pay;
    /// one that asks only after that probe.
    /// </summary>
    private async Task<IEnumerable<Probe>> CashOutProbesAsync(Callers c)
    {
        var (holderOnly, _) = await fixture.NewWalletAsync();
        var (noHolder, _) = await fixture.NewWalletAsync(balance: 500);
        var (pending, _) = await fixture.NewWalletAsync(balance: 500);
        var (skipped, _) = await fixture.NewWalletAsync(balance: 500);
        var (late, _) = await fixture.NewWalletAsync(balance: 500);
        foreach (var walletId in new[] { holderOnly, pending, skipped, late })
        {
            (await c.Organizer.SendAsync(Send(HttpMethod.Put, $"/api/v1/wallets/{walletId}/holder", Holder))).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        foreach (var walletId in new[] { pending, skipped })
        {
            (await c.Organizer.PostAsync($"/api/v1/wallets/{walletId}/cash-out", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        (await c.Organizer.PostAsync($"/api/v1/wallets/{skipped}/block", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var first = TestApi.NewId("batch");
        var second = TestApi.NewId("batch");
        (await c.Organizer.SendAsync(Send(HttpMethod.Post, "/api/v1/payouts/batches", $$"""{"batchId":"{{first}}"}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await c.Organizer.PostAsync($"/api/v1/wallets/{skipped}/unblock", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await c.Organizer.SendAsync(Send(HttpMethod.Post, "/api/v1/payouts/batches", $$"""{"batchId":"{{second}}"}"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        // Asked after both batches, withdrawn by the first probes below: no request stays open for the empty-batch probe.
        var (withdrawn, _) = await fixture.NewWalletAsync(balance: 500);
        (await c.Organizer.SendAsync(Send(HttpMethod.Put, $"/api/v1/wallets/{withdrawn}/holder", Holder))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await c.Organizer.PostAsync($"/api/v1/wallets/{withdrawn}/cash-out", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        var absent = $"/api/v1/wallets/{TestApi.NewId("w-absent")}";

        return
        [
            P("SetHolderData", 200, c.Organizer, HttpMethod.Put, $"/api/v1/wallets/{holderOnly}/holder", Holder),
            P("SetHolderData", 400, c.Organizer, HttpMethod.Put, $"/api/v1/wallets/{holderOnly}/holder", """{"iban":"DE88370400440532013000"}"""),
            P("SetHolderData", 404, c.Organizer, HttpMethod.Put, $"{absent}/holder", Holder),
            P("SetHolderData", 409, c.Organizer, HttpMethod.Put, $"/api/v1/wallets/{pending}/holder", """{"name":"Ana Lopez"}"""),
            P("GetHolderData", 200, c.Organizer, HttpMethod.Get, $"/api/v1/wallets/{holderOnly}/holder"),
            P("GetHolderData", 400, c.Organizer, HttpMethod.Get, "/api/v1/wallets/bad%20id/holder"),
            P("GetHolderData", 404, c.Organizer, HttpMethod.Get, $"/api/v1/wallets/{noHolder}/holder"),
            P("ExportWallet", 200, c.Organizer, HttpMethod.Get, $"/api/v1/wallets/{pending}/export"),
            P("ExportWallet", 400, c.Organizer, HttpMethod.Get, "/api/v1/wallets/bad%20id/export"),
            P("ExportWallet", 404, c.Organizer, HttpMethod.Get, $"{absent}/export"),
            P("EraseHolderData", 200, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{holderOnly}/holder"),
            P("EraseHolderData", 400, c.Organizer, HttpMethod.Delete, "/api/v1/wallets/bad%20id/holder"),
            P("EraseHolderData", 404, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{noHolder}/holder"),
            P("EraseHolderData", 409, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{pending}/holder"),

            P("WithdrawCashOut", 204, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{withdrawn}/cash-out"),
            P("WithdrawCashOut", 400, c.Organizer, HttpMethod.Delete, "/api/v1/wallets/bad%20id/cash-out"),
            P("WithdrawCashOut", 404, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{withdrawn}/cash-out"),
            P("WithdrawCashOut", 409, c.Organizer, HttpMethod.Delete, $"/api/v1/wallets/{pending}/cash-out"),
            P("RequestCashOut", 400, c.Organizer, HttpMethod.Post, "/api/v1/wallets/bad%20id/cash-out"),
            P("RequestCashOut", 404, c.Organizer, HttpMethod.Post, $"{absent}/cash-out"),
            P("RequestCashOut", 409, c.Organizer, HttpMethod.Post, $"/api/v1/wallets/{noHolder}/cash-out"),
            P("CreatePayoutBatch", 200, c.Organizer, HttpMethod.Post, "/api/v1/payouts/batches", $$"""{"batchId":"{{first}}"}"""),
            P("CreatePayoutBatch", 400, c.Organizer, HttpMethod.Post, "/api/v1/payouts/batches", """{"batchId":"has space"}"""),
            P("CreatePayoutBatch", 409, c.Organizer, HttpMethod.Post, "/api/v1/payouts/batches", $$"""{"batchId":"{{TestApi.NewId("batch")}}"}"""),
            P("RequestCashOut", 200, c.Organizer, HttpMethod.Post, $"/api/v1/wallets/{late}/cash-out"),
            P("GetPayoutBatch", 200, c.TopUp, HttpMethod.Get, $"/api/v1/payouts/batches/{first}"),
            P("GetPayoutBatch", 400, c.TopUp, HttpMethod.Get, $"/api/v1/payouts/batches/{first}?format=xml"),
            P("GetPayoutBatch", 404, c.TopUp, HttpMethod.Get, $"/api/v1/payouts/batches/{TestApi.NewId("batch-absent")}"),
            P("ConfirmPayout", 204, c.TopUp, HttpMethod.Post, $"/api/v1/payouts/{second}:{skipped}/confirm"),
            P("ConfirmPayout", 400, c.TopUp, HttpMethod.Post, "/api/v1/payouts/no-colon/confirm"),
            P("ConfirmPayout", 404, c.TopUp, HttpMethod.Post, $"/api/v1/payouts/{TestApi.NewId("batch-absent")}:{pending}/confirm"),
            P("ConfirmPayout", 409, c.TopUp, HttpMethod.Post, $"/api/v1/payouts/{first}:{skipped}/confirm"),
        ];
    }

    private const string Holder = """{"name":"Ana Lopez","email":"ana@example.org","iban":"DE89 3704 0044 0532 0130 00"}""";

    /// <summary>A device client whose device was never enrolled: its token is good, the device grain knows no such device.</summary>
    private async Task<TestDevice> GhostDeviceAsync()
    {
        var deviceId = TestApi.NewId("d-ghost");
        var clientId = ClientIds.ForDevice(deviceId);
        var secret = ClientSecretHasher.NewSecret();
        await fixture.Grains.GetGrain<IApiClientGrain>(clientId).Create(new ApiClientRegistration(ApiClientRole.Device, deviceId, ClientSecretHasher.HashGenerated(secret)));
        return new TestDevice(deviceId, clientId, secret, [], await GatewayFixture.SignedInAsync(fixture.Gateway, clientId, secret), []);
    }

    private static Probe P(string operationId, int status, HttpClient client, HttpMethod method, string path, string? body = null) =>
        new(operationId, (HttpStatusCode)status, client, () => Send(method, path, body));

    private static HttpRequestMessage Send(HttpMethod method, string path, string? body, string mediaType = Json) =>
        new(method, path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, mediaType) };

    private const string Stand = """{"name":"Main stage bar","vendorId":"v-drinks"}""";

    private static string Item(long price) => $$"""{"name":"Beer","price":{{price}},"vatRate":21,"category":"drinks","deposit":200,"minimumAge":18}""";

    /// <summary>A stand with as many items as a stand may have, filled through its grain.</summary>
    private async Task<string> FullStandAsync()
    {
        var standId = TestApi.NewId("bar-full");
        var stand = fixture.Grains.GetGrain<IStandGrain>(standId);
        (await stand.Define("Full bar", "v-1")).Should().Be(CatalogOutcome.Done);
        for (var i = 0; i < CatalogRules.MaxItemsPerStand; i++)
        {
            (await stand.SetItem(new CatalogItem($"item-{i}", $"Item {i}", 100, 2100, "drinks", 0, 0))).Should().Be(CatalogOutcome.Done);
        }

        return standId;
    }

    private static string Refund(string refundId, string walletId, string txId, long amount) =>
        $$"""{"refundId":"{{refundId}}","walletId":"{{walletId}}","txId":"{{txId}}","amount":{{amount}}}""";

    private static string Payment(long seq, string walletId, long amount, string uid) =>
        $$"""{"seq":{{seq}},"walletId":"{{walletId}}","amount":{{amount}},"credential":{"type":"nfc","value":"{{uid}}"},"createdAt":"{{TestApi.CreatedAt}}"}""";

    private static string Offline(long seq, string walletId) =>
        $$"""{"seq":{{seq}},"walletId":"{{walletId}}","amount":1,"createdAt":"{{TestApi.CreatedAt}}","credential":{"type":"nfc","value":"u"},"signature":"c2lnbmF0dXJl"}""";

    /// <summary>The callers of one gateway, and a wallet and two devices of its cluster.</summary>
    private sealed record Callers(HttpClient Anonymous, HttpClient Organizer, HttpClient TopUp, TestDevice Device, TestDevice Other, string WalletId, string Uid = "uid-x")
    {
        public static Task<Callers> SignInAsync(GatewayFixture fixture, GatewayFactory gateway) => SignInAsync(fixture.Organizer, gateway, fixture.TopUp);

        public static async Task<Callers> SignInAsync(HttpClient organizer, GatewayFactory gateway, HttpClient? topUp = null)
        {
            topUp ??= await GatewayFixture.SignedInAsync(gateway, GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
            var (walletId, uid) = await TestApi.NewWalletAsync(organizer, topUp, balance: 100);
            var device = await TestApi.EnrollDeviceAsync(organizer, gateway);
            var other = await TestApi.EnrollDeviceAsync(organizer, gateway);
            return new Callers(gateway.CreateClient(), organizer, topUp, device, other, walletId, uid);
        }
    }
}
