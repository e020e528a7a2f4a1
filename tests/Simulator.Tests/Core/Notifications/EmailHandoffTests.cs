using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Simulator.Core;
using Simulator.Core.Domain;
using Simulator.Core.Persistence;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;

namespace Simulator.Tests.Core.Notifications;

/// <summary>
/// An e-mail the SMTP server accepted is not sent again because the simulator could not save that
/// it was: the answer is kept and saved again, counted here in messages at a real SMTP server.
/// </summary>
public sealed class EmailHandoffTests
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Saves_that_fail_after_the_smtp_server_accepted_an_email_send_no_second_copy()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(500);
        var failingSaves = new FailingSentSaves(failures: 2);
        await using var app = Simulation.Premium(
            new FailingSavesAppFactory(failingSaves),
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", smtp.Port.ToString(CultureInfo.InvariantCulture)),
            ("Smtp:RetryInterval", "00:00:30"),
            ("Delivery:RetryWindow", "00:01:00"),
            ("Clock:Speed", "0"));
        await app.EndpointAsync(receiver.Url());

        await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5)); // the delivery fails: the failure e-mail is written
        await smtp.WaitForMessagesAsync(1);
        for (var round = 0; round < 2; round++)
        {
            // the sender waits its retry interval after each failed save, then saves the answer it kept
            await app.RealTimers.WaitForWaitingTimerAsync(RetryInterval);
            app.RealTime.Advance(RetryInterval);
        }
        await app.WaitUntilAsync(async () => (await app.EmailsAsync()).Single().Status == EmailStatus.Sent);

        Assert.Equal(2, failingSaves.Failed);
        var message = Assert.Single(smtp.Messages);
        var email = Assert.Single(await app.EmailsAsync());
        Assert.Equal((EmailStatus.Sent, 1, false), (email.Status, email.SendAttempts, email.IsHandedToSmtp));
        Assert.Equal(email.Subject, message.Subject);
    }

    /// <summary>Fails the first saves that record an e-mail as sent, as a full disk or a locked store would.</summary>
    private sealed class FailingSentSaves(int failures) : SaveChangesInterceptor
    {
        private int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var recordsSent = eventData.Context?.ChangeTracker.Entries<OutboxEmail>()
                .Any(e => e.State == EntityState.Modified && e.Entity.Status == EmailStatus.Sent) == true;
            if (recordsSent && Volatile.Read(ref _failed) < failures)
            {
                Interlocked.Increment(ref _failed);
                throw new InvalidOperationException("The store refused the save (a test's failure).");
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    /// <summary>The simulator over watched real time (the sender's waits), with the failing saves.</summary>
    private sealed class FailingSavesAppFactory : SimulatorAppFactory
    {
        private readonly FailingSentSaves _saves;

        public FailingSavesAppFactory(FailingSentSaves saves)
        {
            _saves = saves;
            RealTimers = new WatchedTimeProvider(RealTime);
        }

        public WatchedTimeProvider RealTimers { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
            {
                services.AddKeyedSingleton<TimeProvider>(SimulatorServiceCollectionExtensions.RealTimeKey, RealTimers);
                services.ConfigureDbContext<SimulatorDbContext>(options => options.AddInterceptors(_saves));
            });
        }
    }
}
