using System.Reflection;
using FestivalPos.Gateway.Api.Hosting;
using Orleans.Runtime;

namespace FestivalPos.Gateway.Tests.Operations;

/// <summary>A grain call in flight when a gateway connection closes fails at once instead of waiting for the response timeout.</summary>
public sealed class InFlightCallsOnGatewayLossTests
{
    [Fact]
    public async Task Calls_in_flight_fail_when_a_gateway_is_lost_not_when_one_is_added_and_later_calls_go_through()
    {
        var loss = new InFlightCallsOnGatewayLoss();
        var unanswered = new TaskCompletionSource();
        var inFlight = loss.Invoke(CallReturning(unanswered.Task));

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 3, previousNumberOfGateways: 2, connectionRecovered: true);
        inFlight.IsCompleted.Should().BeFalse("a gateway joining cuts nothing");

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 2, previousNumberOfGateways: 3, connectionRecovered: false);
        (await inFlight.Invoking(call => call).Should().ThrowAsync<SiloUnavailableException>()).WithMessage("*outcome is unknown*");

        await loss.Invoke(CallReturning(Task.CompletedTask));
    }

    [Fact]
    public async Task A_lost_cluster_connection_fails_the_calls_in_flight_and_a_calls_own_failure_passes_unchanged()
    {
        var loss = new InFlightCallsOnGatewayLoss();
        var inFlight = loss.Invoke(CallReturning(new TaskCompletionSource().Task));

        loss.NotifyClusterConnectionLost();

        await inFlight.Invoking(call => call).Should().ThrowAsync<SiloUnavailableException>();
        await loss.Invoking(filter => filter.Invoke(CallReturning(Task.FromException(new TimeoutException("slow grain")))))
            .Should().ThrowAsync<TimeoutException>().WithMessage("slow grain");
    }

    private static IOutgoingGrainCallContext CallReturning(Task answer)
    {
        var context = DispatchProxy.Create<IOutgoingGrainCallContext, CallContext>();
        ((CallContext)(object)context).Answer = answer;
        return context;
    }

    /// <summary>A grain call whose <c>Invoke</c> answers <see cref="Answer"/>; the filter uses nothing else of it.</summary>
    public class CallContext : DispatchProxy
    {
        public Task Answer { get; set; } = Task.CompletedTask;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name == nameof(IOutgoingGrainCallContext.Invoke)
            ? Answer
            : throw new NotSupportedException($"{targetMethod?.Name} is not part of this fake call.");
    }
}
