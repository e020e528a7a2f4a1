using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Dispatching;

/// <summary>Due work that falls due while a start is under way is prepared and started together, not one batch each.</summary>
public sealed class DueBatchingTests
{
    [Fact]
    public async Task Attempts_due_while_a_start_is_under_way_are_prepared_together_and_all_delivered()
    {
        await using var receiver = await TestReceiver.StartAsync();
        var claims = new HeldClaims();
        await using var app = Simulation.Premium(new ClaimsApp(claims));
        app.Boot();
        app.Clock.SetSpeed(0); // only what is due now runs
        await app.EndpointAsync(receiver.Url());

        var first = await app.CreateNoteAsync();
        await claims.FirstAsked.WaitAsync(TimeSpan.FromSeconds(30)); // its start is under way, held in its claim
        // each next note's due work reaches the runner, which is busy, as a work of its own
        var runner = app.Service<DueWorkRunner>();
        var second = await app.CreateNoteAsync();
        Assert.True(SpinWait.SpinUntil(() => runner.Queued == 1, TimeSpan.FromSeconds(30)));
        var third = await app.CreateNoteAsync();
        Assert.True(SpinWait.SpinUntil(() => runner.Queued == 2, TimeSpan.FromSeconds(30)));
        claims.Release();
        await app.WhenIdleAsync();

        var asked = claims.Asked;
        Assert.Equal(2, asked.Count);
        Assert.Equal([first.Deliveries[0].DeliveryId], asked[0]);
        Assert.Equal([second.Deliveries[0].DeliveryId, third.Deliveries[0].DeliveryId], asked[1].Order());
        Assert.Equal(3, receiver.Requests.Count);
    }

    /// <summary>All due work is this process's; the first claim waits until the test releases it.</summary>
    private sealed class HeldClaims : IDueClaims
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _firstAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<long[]> _asked = [];

        public Task FirstAsked => _firstAsked.Task;

        public List<long[]> Asked
        {
            get
            {
                lock (_asked)
                {
                    return [.. _asked];
                }
            }
        }

        public void Release() => _released.TrySetResult();

        public async Task<IReadOnlySet<long>> ClaimAttemptsAsync(IReadOnlyCollection<long> deliveryIds, DateTimeOffset at, CancellationToken cancellationToken = default)
        {
            lock (_asked)
            {
                _asked.Add([.. deliveryIds]);
            }
            _firstAsked.TrySetResult();
            await _released.Task;
            return deliveryIds.ToHashSet();
        }

        public Task<bool> ClaimDisablingAsync(int endpointId, DateTimeOffset at, CancellationToken cancellationToken = default) => Task.FromResult(true);
    }

    private sealed class ClaimsApp(IDueClaims claims) : SimulatorAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton(claims));
        }
    }
}
