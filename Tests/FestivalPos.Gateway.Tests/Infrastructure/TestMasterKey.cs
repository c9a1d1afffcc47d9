namespace FestivalPos.Gateway.Tests.Infrastructure;

/// <summary>One master key file for the test run's silos (silos of one cluster must share it), created owner-only by the silo.</summary>
public static class TestMasterKey
{
    public static readonly string FilePath = Path.Combine(Path.GetTempPath(), $"festivalpos-gateway-tests-{Environment.ProcessId}", "master.key");
}
