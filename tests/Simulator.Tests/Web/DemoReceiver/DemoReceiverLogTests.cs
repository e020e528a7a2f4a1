using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

public sealed class DemoReceiverLogTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 26, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Keeps_the_last_200_requests_newest_first()
    {
        var log = new DemoReceiverLog(_time, NullLogger<DemoReceiverLog>.Instance);

        for (var i = 1; i <= 205; i++)
        {
            log.Add("POST", $"/demo-receiver/ok?n={i}", [], "{}", null, DemoAnswer.Status(200));
        }

        var kept = log.Recent();
        Assert.Equal(DemoReceiverLog.Capacity, kept.Count);
        Assert.Equal("/demo-receiver/ok?n=205", kept[0].Path);
        Assert.Equal("/demo-receiver/ok?n=6", kept[^1].Path);
        Assert.Equal(205, log.ReceivedCount);
    }

    [Fact]
    public void Records_the_simulated_time_of_arrival()
    {
        var log = new DemoReceiverLog(_time, NullLogger<DemoReceiverLog>.Instance);
        _time.Advance(TimeSpan.FromMinutes(3));

        var request = log.Add("POST", "/demo-receiver/ok", [], "{}", null, DemoAnswer.Status(200));

        Assert.Equal(new DateTimeOffset(2026, 3, 26, 14, 3, 0, TimeSpan.Zero), request.ReceivedAt);
    }

    [Fact]
    public void A_later_answer_replaces_the_waiting_one_and_is_announced()
    {
        var log = new DemoReceiverLog(_time, NullLogger<DemoReceiverLog>.Instance);
        var request = log.Add("POST", "/demo-receiver/slow", [], "{}", null, DemoAnswer.Waiting(TimeSpan.FromSeconds(11)));
        var changes = 0;
        log.Changed += (_, _) => changes++;

        log.SetAnswer(request.Number, DemoAnswer.HungUp(TimeSpan.FromSeconds(10)));

        Assert.Equal("No answer: the caller hung up after 10 s", Assert.Single(log.Recent()).Answer.Text);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void A_long_body_is_cut_for_display()
    {
        var log = new DemoReceiverLog(_time, NullLogger<DemoReceiverLog>.Instance);

        var request = log.Add("POST", "/demo-receiver/ok", [], new string('x', DemoReceiverLog.MaxBodyChars + 10), null, DemoAnswer.Status(200));

        Assert.True(request.BodyCut);
        Assert.Equal(DemoReceiverLog.MaxBodyChars, request.Body.Length);
    }

    [Fact]
    public void Flaky_events_are_told_apart_by_their_body()
    {
        var flaky = new SeenBodies();

        var first = Enumerable.Range(0, 4).Select(_ => flaky.Count("a"u8)).ToList();

        Assert.Equal([1, 2, 3, 4], first);
        Assert.Equal(1, flaky.Count("b"u8));
    }
}
