using FestivalPos.Gateway.Api.Console;
using FestivalPos.Gateway.Api.Console.Live;
using FestivalPos.Gateway.Tests.Infrastructure;
using FestivalPos.Grains.Interfaces.Reports;

namespace FestivalPos.Gateway.Tests.Console;

/// <summary>The fleet's colours by the thresholds, and console settings that stop the start.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConsoleSettingsTests(GatewayFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 7, 18, 21, 0, 0, TimeSpan.Zero);
    private static readonly FleetThresholds Thresholds = new() { LagWarningSeqs = 10, LagAlertSeqs = 100, SilenceWarningSeconds = 300, SilenceAlertSeconds = 900 };

    [Theory]
    [InlineData(0, 0, false, "ok")]
    [InlineData(9, 299, false, "ok")]
    [InlineData(10, 0, false, "warning")]
    [InlineData(0, 300, false, "warning")]
    [InlineData(100, 0, false, "alert")]
    [InlineData(0, 900, false, "alert")]
    [InlineData(99, 899, false, "warning")]
    [InlineData(500, 5000, true, "ok")]
    public void A_terminal_is_coloured_by_the_worse_of_its_lag_and_its_silence(long lag, int silentSeconds, bool revoked, string level)
    {
        var device = new DeviceHealth("d-1", "bar-1", revoked, Now.AddSeconds(-silentSeconds), AckedThrough: 5, HighestSeq: 5 + lag, Gaps: lag, OfflineCharges: 0);

        FleetLevels.Of(device, Thresholds, Now).Should().Be(level);
    }

    [Fact]
    public void A_terminal_never_heard_from_has_no_backlog_to_age()
    {
        var device = new DeviceHealth("d-1", "bar-1", false, LastSeenAt: null, AckedThrough: 0, HighestSeq: 0, Gaps: 0, OfflineCharges: 0);

        FleetLevels.Of(device, Thresholds, Now).Should().Be(FleetLevels.Ok);
    }

    [Theory]
    [InlineData("Console:Fleet:LagWarningSeqs", "200", "*LagAlertSeqs*")]
    [InlineData("Console:Fleet:SilenceAlertSeconds", "60", "*SilenceAlertSeconds*")]
    [InlineData("Console:Fleet:LagWarningSeqs", "0", "*LagWarningSeqs*")]
    [InlineData("Console:SessionMinutes", "0", "*SessionMinutes*")]
    [InlineData("Console:MaxLiveStreams", "0", "*MaxLiveStreams*")]
    public void Bad_console_settings_stop_the_start_naming_the_key(string key, string value, string message)
    {
        using var gateway = new GatewayFactory(fixture.Silo, new Dictionary<string, string?> { [key] = value });

        FluentActions.Invoking(() => gateway.CreateClient()).Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage(message);
    }
}
