using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Simulator.Web.Components.Pages.DemoReceiver;
using Simulator.Web.DemoReceiver;

namespace Simulator.Tests.Web.DemoReceiver;

public sealed class DemoReceiverPageTests : BunitContext
{
    private readonly DemoReceiverLog _log = new(new FakeTimeProvider(new DateTimeOffset(2026, 3, 26, 14, 0, 0, TimeSpan.Zero)), NullLogger<DemoReceiverLog>.Instance);

    public DemoReceiverPageTests()
    {
        Services.AddSingleton(_log);
    }

    [Fact]
    public void Lists_every_route_with_the_url_to_register()
    {
        var page = Render<DemoReceiverPage>();

        foreach (var route in DemoRoute.All)
        {
            Assert.Equal($"http://localhost{route.Path}", page.Find($"code[data-route='{route.Name}']").TextContent);
        }
    }

    [Fact]
    public void Says_so_when_nothing_was_received()
    {
        var page = Render<DemoReceiverPage>();

        Assert.Contains("Nothing received yet", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_shows_up_as_it_arrives_with_its_answer_as_text()
    {
        var page = Render<DemoReceiverPage>();

        _log.Add("POST", "/demo-receiver/fail", [new("User-Agent", "InstinctiveNotes-Webhooks/1.0")], """{"type":"soap_note.created"}""", "soap_note.created, SOAP note 7", DemoAnswer.Status(500));

        page.WaitForAssertion(() =>
        {
            var row = page.Find("tr[data-request='1']");
            Assert.Contains("2026-03-26T14:00:00Z", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("POST /demo-receiver/fail", row.TextContent, StringComparison.Ordinal);
            Assert.Contains("soap_note.created, SOAP note 7", row.TextContent, StringComparison.Ordinal);
            Assert.Equal("500 Internal Server Error", row.QuerySelector("[data-answer]")!.TextContent);
        });

        // "Show" opens the headers and body in a row of the table's whole width
        page.Find("tr[data-request='1'] button").Click();
        var details = page.Find("tr[data-request-details='1']");
        Assert.Equal("6", details.QuerySelector("td")!.GetAttribute("colspan"));
        Assert.Contains("InstinctiveNotes-Webhooks/1.0", details.TextContent, StringComparison.Ordinal);
        Assert.Equal("""{"type":"soap_note.created"}""", details.QuerySelector("pre")!.TextContent);
    }

    [Fact]
    public void A_changed_answer_replaces_the_waiting_one()
    {
        var request = _log.Add("POST", "/demo-receiver/slow", [], "{}", null, DemoAnswer.Waiting(TimeSpan.FromSeconds(11)));
        var page = Render<DemoReceiverPage>();
        Assert.Equal("Waiting: answers 200 after 11 s of real time", page.Find("[data-answer]").TextContent);

        _log.SetAnswer(request.Number, DemoAnswer.HungUp(TimeSpan.FromSeconds(10)));

        page.WaitForAssertion(() => Assert.Equal("No answer: the caller hung up after 10 s", page.Find("[data-answer]").TextContent));
    }

    [Fact]
    public void Clearing_empties_the_list()
    {
        _log.Add("POST", "/demo-receiver/ok", [], "{}", null, DemoAnswer.Status(200));
        var page = Render<DemoReceiverPage>();

        page.Find("button").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("tr[data-request]")));
        Assert.Empty(_log.Recent());
    }
}
