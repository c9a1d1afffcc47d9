using System.Net;
using System.Text;
using System.Text.Json;
using FestivalPos.PosApp.Gateway;
using FestivalPos.PosApp.Store;
using FestivalPos.PosApp.Sync;
using FestivalPos.Wire;

namespace FestivalPos.PosApp.Tests.Sync;

public sealed class BatchSizingTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"posapp-unit-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(400, ProblemTypes.BatchTooLarge, "", 100L, 1000, 100)]
    [InlineData(400, ProblemTypes.BatchTooLarge, "", null, 1000, 500)]
    [InlineData(400, ProblemTypes.BatchTooLarge, "", 1000L, 1000, 500)]
    [InlineData(400, ProblemTypes.BatchTooLarge, "", 0L, 7, 3)]
    [InlineData(400, ProblemTypes.Prefix + "validation", "transactions", null, 1000, 500)]
    [InlineData(400, null, "transactions", null, 3, 1)]
    [InlineData(400, ProblemTypes.BatchTooLarge, "", 100L, 1, null)]
    [InlineData(400, ProblemTypes.Prefix + "validation", "transactions[3].amount", null, 1000, null)]
    [InlineData(409, ProblemTypes.BatchTooLarge, "", 100L, 1000, null)]
    public void A_batch_refused_for_its_size_is_sent_next_at_the_size_the_gateway_names_or_at_half(
        int status, string? type, string errorField, long? maxBatchSize, int sent, int? expected)
    {
        var problem = new GatewayProblem(type, errorField.Length > 0 ? [errorField] : [], maxBatchSize);

        BatchSizing.NextSize(status, problem, sent).Should().Be(expected);
    }

    [Fact]
    public async Task The_next_batch_has_the_size_the_gateway_names_in_max_batch_size()
    {
        var gateway = new StubGateway(maxBatchSize: 100);
        await Terminal.EnrollAsync(_directory, new Enrollment("http://stub.invalid", "d-1", "s-1", "c-1", "secret", new byte[32], new byte[32], null, 5000));
        using var terminal = await Terminal.OpenAsync(_directory, http: _ => new HttpClient(gateway) { BaseAddress = new Uri("http://stub.invalid/") });
        for (var i = 0; i < 250; i++)
        {
            await terminal.Outbox.AddAsync(new NewSale("w-1", 10, "2026-07-18T21:00:00Z", "nfc", "uid-1", "x", SaleModes.Offline), _ => "sig");
        }

        var report = await terminal.Sync.PassAsync();

        report.Complete.Should().BeTrue(report.ToString());
        gateway.BatchSizes.Should().Equal(250, 100, 100, 50);
        (await terminal.Outbox.BacklogAsync()).Should().Match<Backlog>(b => b.Count == 0 && b.AckedThrough == 250);
    }

    /// <summary>The gateway of API 1.1 as far as batches go: a batch over its limit is a batch-too-large problem naming the limit.</summary>
    private sealed class StubGateway(int maxBatchSize) : HttpMessageHandler
    {
        private long _ackedThrough;

        public List<int> BatchSizes { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path.EndsWith("/auth/token", StringComparison.Ordinal))
            {
                return Json(HttpStatusCode.OK, new { accessToken = "token", tokenType = "Bearer", expiresIn = 900 });
            }

            if (path.EndsWith("/offline-snapshot", StringComparison.Ordinal))
            {
                return Json(HttpStatusCode.OK, new { wallets = Array.Empty<object>(), blocked = Array.Empty<string>(), version = 0, more = false });
            }

            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var seqs = body.RootElement.GetProperty("transactions").EnumerateArray().Select(t => t.GetProperty("seq").GetInt64()).ToList();
            BatchSizes.Add(seqs.Count);
            if (seqs.Count > maxBatchSize)
            {
                var problem = Json(HttpStatusCode.BadRequest, new { type = ProblemTypes.BatchTooLarge, title = "Too many transactions in the batch", status = 400, maxBatchSize });
                problem.Content.Headers.ContentType = new("application/problem+json");
                return problem;
            }

            _ackedThrough = seqs.Count > 0 ? Math.Max(_ackedThrough, seqs.Max()) : _ackedThrough;
            return Json(HttpStatusCode.OK, new { results = seqs.Select(seq => new { seq, status = "applied" }), ackedThrough = _ackedThrough });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
            new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
    }
}
