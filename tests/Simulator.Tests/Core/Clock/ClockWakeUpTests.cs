using Microsoft.Extensions.Time.Testing;
using Simulator.Core.Clock;

namespace Simulator.Tests.Core.Clock;

/// <summary>The one real timer behind the simulation clock: when it wakes up in real time, and what it says it is armed for.</summary>
public sealed class ClockWakeUpTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void It_wakes_up_once_the_simulated_wait_has_passed_at_the_speed_never_a_real_tick_early()
    {
        var real = new FakeTimeProvider(Start);
        var woken = 0;
        var wakeUp = new ClockWakeUp(real, () => woken++);

        wakeUp.ArmFor(dueTicks: 1234, simulatedWaitTicks: 10, speed: 3); // 3.33 real ticks: 4

        Assert.Equal(1234, wakeUp.DueTicks);
        real.Advance(TimeSpan.FromTicks(3));
        Assert.Equal(0, woken);
        real.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, woken);
        real.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, woken);
    }

    [Fact]
    public void A_long_wait_is_armed_for_at_most_the_longest_real_wait()
    {
        var real = new FakeTimeProvider(Start);
        var woken = 0;
        var wakeUp = new ClockWakeUp(real, () => woken++);

        wakeUp.ArmFor(dueTicks: 99, simulatedWaitTicks: TimeSpan.FromDays(30).Ticks, speed: 1);

        real.Advance(SimulationClock.MaxRealWait - TimeSpan.FromTicks(1));
        Assert.Equal(0, woken);
        real.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, woken);
    }

    [Fact]
    public void Arming_again_replaces_the_previous_wait()
    {
        var real = new FakeTimeProvider(Start);
        var woken = 0;
        var wakeUp = new ClockWakeUp(real, () => woken++);

        wakeUp.ArmFor(dueTicks: 10, simulatedWaitTicks: TimeSpan.FromSeconds(1).Ticks, speed: 1);
        wakeUp.ArmFor(dueTicks: 20, simulatedWaitTicks: TimeSpan.FromSeconds(2).Ticks, speed: 1);
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, woken);

        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, woken);
        Assert.Equal(20, wakeUp.DueTicks);
    }

    [Fact]
    public void Disarmed_it_does_not_wake_up_and_is_armed_for_nothing()
    {
        var real = new FakeTimeProvider(Start);
        var woken = 0;
        var wakeUp = new ClockWakeUp(real, () => woken++);
        wakeUp.ArmFor(dueTicks: 10, simulatedWaitTicks: 100, speed: 1);

        wakeUp.Disarm();
        real.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, woken);
        Assert.Equal(long.MaxValue, wakeUp.DueTicks);
    }

    [Fact]
    public void Woken_it_is_armed_for_nothing_until_armed_again()
    {
        var wakeUp = new ClockWakeUp(new FakeTimeProvider(Start), () => { });
        wakeUp.ArmFor(dueTicks: 10, simulatedWaitTicks: 100, speed: 1);

        wakeUp.Woken();

        Assert.Equal(long.MaxValue, wakeUp.DueTicks);
    }

    [Fact]
    public async Task Due_now_it_fires_soon_on_another_thread_and_drops_the_timer_it_had()
    {
        var real = new FakeTimeProvider(Start);
        var fired = 0;
        using var woke = new SemaphoreSlim(0);
        var wakeUp = new ClockWakeUp(real, () =>
        {
            Interlocked.Increment(ref fired);
            woke.Release();
        });
        wakeUp.ArmFor(dueTicks: 50, simulatedWaitTicks: 100, speed: 1);

        wakeUp.FireSoon(7);

        Assert.Equal(7, wakeUp.DueTicks);
        Assert.True(await woke.WaitAsync(TimeSpan.FromSeconds(30)));
        real.Advance(TimeSpan.FromDays(1)); // the real timer armed before is gone
        Assert.False(await woke.WaitAsync(TimeSpan.FromMilliseconds(50)));
        Assert.Equal(1, Volatile.Read(ref fired));
    }
}
