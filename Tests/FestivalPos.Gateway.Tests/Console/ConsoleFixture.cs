using FestivalPos.DevServers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FestivalPos.Gateway.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>
/// One silo, one gateway on a real loopback HTTPS port and one headless Chromium (Debian's, driven by Playwright)
/// for the console tests. Each test gets a fresh browser context; screenshots go to TestResults/console.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Fleet thresholds low enough for a test to turn a row amber with a few seqs.</summary>
    public const int LagWarningSeqs = 3;

    private IPlaywright? _playwright;
    private HttpClientHandler? _handler;

    public TestSilo Silo { get; private set; } = null!;

    public GatewayFactory Gateway { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The organizer's and the top-up provider's API clients, over the same socket the browser uses.</summary>
    public HttpClient Organizer { get; private set; } = null!;

    public HttpClient TopUp { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "console");

    public async Task InitializeAsync()
    {
        Silo = await TestSilo.StartAsync();
        var port = LoopbackPorts.Free();
        Address = new Uri($"https://127.0.0.1:{port}");
        Gateway = new GatewayFactory(Silo, new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = Address.ToString(),
            ["Gateway:ManagementUrl"] = "",
            ["Console:Fleet:LagWarningSeqs"] = LagWarningSeqs.ToString(CultureInfo.InvariantCulture),
        })
        { LocalPortFromAddress = false };
        Gateway.UseKestrel();
        Gateway.StartServer();
        _handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        Organizer = await SignedInAsync(GatewayFactory.OrganizerId, GatewayFactory.OrganizerSecret);
        TopUp = await SignedInAsync(GatewayFactory.TopUpId, GatewayFactory.TopUpSecret);
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        Organizer.Dispose();
        TopUp.Dispose();
        await Gateway.DisposeAsync();
        _handler?.Dispose();
        await Silo.DisposeAsync();
    }

    public HttpClient Anonymous() => new(_handler!, disposeHandler: false) { BaseAddress = Address };

    public async Task<HttpClient> SignedInAsync(string clientId, string secret)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { clientId, clientSecret = secret });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<GatewayFixture.TokenBody>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body!.AccessToken);
        return client;
    }

    /// <summary>Runs <paramref name="test"/> in a fresh browser context; a failure leaves a screenshot named after the test.</summary>
    public async Task InBrowserAsync(string name, Func<IPage, Task> test)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 1360, Height = 900 },
        });
        var page = await context.NewPageAsync();
        try
        {
            await test(page);
        }
        catch
        {
            await ScreenshotAsync(page, $"{name}-failed");
            throw;
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, $"{name}.png"), FullPage = true });

    /// <summary>Signs in through the form with the bootstrap organizer unless other credentials are given.</summary>
    /// <summary>Enrolls a terminal at <paramref name="standId"/> and signs it in over this gateway's HTTPS port.</summary>
    public async Task<TestDevice> EnrollDeviceAsync(string standId = "bar-1")
    {
        var deviceId = TestApi.NewId("d");
        var body = await (await Organizer.PostAsJsonAsync("/api/v1/devices", new { deviceId, standId })).JsonAsync(System.Net.HttpStatusCode.Created);
        var clientId = body.GetProperty("clientId").GetString()!;
        var secret = body.GetProperty("clientSecret").GetString()!;
        var client = await SignedInAsync(clientId, secret);
        return new TestDevice(deviceId, clientId, secret, Convert.FromBase64String(body.GetProperty("signingKey").GetString()!), client,
            Convert.FromBase64String(body.GetProperty("snapshotKey").GetString()!));
    }

    public static async Task SignInAsync(IPage page, string clientId = GatewayFactory.OrganizerId, string secret = GatewayFactory.OrganizerSecret)
    {
        if (!page.Url.Contains("/console/sign-in", StringComparison.Ordinal))
        {
            await page.GotoAsync("/console/sign-in");
        }

        await page.FillAsync("input[name=clientId]", clientId);
        await page.FillAsync("input[name=clientSecret]", secret);
        await page.ClickAsync("form button[type=submit]");
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}
