using FestivalPos.Grains;
using FestivalPos.Grains.Devices;
using FestivalPos.Grains.Wallets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FestivalPos.Tests.Ledger;

/// <summary><c>Pos:PinChecksAtOnce</c>: many devices' PIN payments at once, each within its budget, hash a few at a time per silo.</summary>
public sealed class PinHashingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Hashes_beyond_the_bound_wait_for_a_free_slot_and_then_all_run()
    {
        using var hashing = new PinHashing(Options.Create(new PinLimitsOptions { PinChecksAtOnce = 2 }));
        using var release = new ManualResetEventSlim();
        var running = 0;
        var mostAtOnce = 0;

        int Hash(int index)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostAtOnce, now);
            release.Wait(Patience);
            Interlocked.Decrement(ref running);
            return index;
        }

        var hashes = Enumerable.Range(0, 6).Select(index => hashing.RunAsync(() => Hash(index))).ToArray();

        SpinWait.SpinUntil(() => Volatile.Read(ref running) == 2 && hashing.Waiting == 4, Patience).Should().BeTrue("two run and four wait");
        Volatile.Read(ref running).Should().Be(2, "no slot is free while both hashes run");
        hashes.Should().OnlyContain(hash => !hash.IsCompleted);

        release.Set();

        (await Task.WhenAll(hashes)).Should().Equal(0, 1, 2, 3, 4, 5);
        mostAtOnce.Should().Be(2);
        hashing.Waiting.Should().Be(0);
    }

    [Fact]
    public async Task A_pin_is_checked_through_the_bound_and_only_the_right_one_matches()
    {
        using var hashing = new PinHashing(Options.Create(new PinLimitsOptions { PinChecksAtOnce = 1 }));

        var verifier = await hashing.CreateAsync("2468");

        (await hashing.MatchesAsync(verifier, "2468")).Should().BeTrue();
        (await hashing.MatchesAsync(verifier, "2469")).Should().BeFalse();
    }

    [Theory]
    [InlineData("Pos:PinChecksAtOnce", "0")]
    [InlineData("Pos:PinAttemptsPerMinute", "0")]
    public void A_bound_below_one_stops_the_start_naming_the_keys(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLedgerGrains().BuildServiceProvider();

        var resolve = () => services.GetRequiredService<IOptions<PinLimitsOptions>>().Value;

        resolve.Should().Throw<OptionsValidationException>().WithMessage("*Pos:PinAttemptsPerMinute and Pos:PinChecksAtOnce must be 1 or more*");
    }

    [Fact]
    public void By_default_a_silo_hashes_on_half_its_cores_and_at_least_one()
    {
        new PinLimitsOptions().PinChecksAtOnce.Should().Be(Math.Max(1, Environment.ProcessorCount / 2));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
