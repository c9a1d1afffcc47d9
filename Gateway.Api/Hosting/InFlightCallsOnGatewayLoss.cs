using Orleans.Runtime;

namespace FestivalPos.Gateway.Api.Hosting;

/// <summary>
/// Fails every grain call in flight the moment a gateway connection is lost (Cluster:FailInFlightCallsOnGatewayLoss).
/// The Orleans client is not told which calls went through the silo that died: each would wait for the response
/// timeout (Cluster:ResponseTimeoutSeconds) and stall its terminal that long. Failing them all at once answers 503
/// now instead of later; calls that went through a live gateway are cut too, and their retry with the same id gets
/// the recorded answer, since every API call is idempotent by its id.
/// </summary>
public sealed class InFlightCallsOnGatewayLoss : IClusterConnectionStatusObserver, IOutgoingGrainCallFilter
{
    // Replaced, never disposed: a call reading the token while the loss swaps it must not find it disposed.
    private CancellationTokenSource _loss = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var lost = Volatile.Read(ref _loss).Token;
        try
        {
            await context.Invoke().WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            throw new SiloUnavailableException("A gateway connection was lost with this call in flight: its outcome is unknown.");
        }
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            FailCallsInFlight();
        }
    }

    public void NotifyClusterConnectionLost() => FailCallsInFlight();

    private void FailCallsInFlight() => Interlocked.Exchange(ref _loss, new CancellationTokenSource()).Cancel();
}
