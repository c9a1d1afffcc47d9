namespace FestivalPos.PosApp.Tests.Infrastructure;

/// <summary>Tests on the shared system that may cut the terminals' network (<see cref="PosSystem.Network"/>): it is up when each test starts and when it ends.</summary>
public abstract class NetworkUpTests(FaultProxy network) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        network.Mode = NetworkMode.Up;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        network.Mode = NetworkMode.Up;
        return Task.CompletedTask;
    }
}
