using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

/// <summary>Send test with a pasted note, and "Recover failed deliveries since…", in real Chromium.</summary>
public sealed class TestObjectAndRecoverBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_owner_pastes_a_note_in_send_test_sees_a_bad_field_named_at_the_json_and_the_receiver_gets_the_fixed_one()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true };
        app.Boot();
        var endpoint = await app.EndpointAsync(receiver.Url("/webhooks"), active: false);
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await SignedInAsync(browser);
        await Ui.OpenAsync(page, $"/settings/developer/endpoints/{endpoint.Id}");
        var sendTest = page.Locator("[data-send-test]");

        await sendTest.GetByLabel("Paste JSON").CheckAsync();
        var json = sendTest.GetByLabel("SOAP note (data.object) as JSON");
        await Expect(json).ToHaveValueAsync(WebhookPayload.WriteObject(SoapNoteObject.ReferenceExample)); // starts as the documentation's example
        var note = JsonNode.Parse(WebhookPayload.WriteObject(SoapNoteObject.ReferenceExample))!.AsObject();
        note["created_by"] = "Pasted in the browser";
        note["client_external_ref"] = "our-client-7";
        note["exercise_prescriptions"]![0]!["reps"] = "one";
        await json.FillAsync(note.ToJsonString());
        await sendTest.GetByLabel("soap_note.updated").CheckAsync();
        await sendTest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send test event" }).ClickAsync();
        await Expect(sendTest.Locator("[data-json-errors] [data-error-for='object.exercise_prescriptions[0].reps']")).ToContainTextAsync("whole number");
        await Expect(json).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, receiver.Count);

        note["exercise_prescriptions"]![0]!["reps"] = 4;
        await json.FillAsync(note.ToJsonString());
        await sendTest.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send test event" }).ClickAsync();

        await Expect(page.Locator("[data-test-result] [data-outcome]")).ToContainTextAsync("200 OK");
        await Expect(sendTest.Locator("[data-json-errors]")).ToHaveCountAsync(0);
        await receiver.WaitForRequestsAsync(1);
        using var body = JsonDocument.Parse(receiver.Requests.Single().Body);
        Assert.Equal("soap_note.updated", body.RootElement.GetProperty("type").GetString());
        Assert.True(JsonNode.DeepEquals(note, JsonNode.Parse(body.RootElement.GetProperty("data").GetProperty("object").GetRawText())));
        await Screenshots.SaveAsync(page, "send-test-pasted", forDocs: false);
    }

    [Fact]
    public async Task The_owner_recovers_the_deliveries_that_failed_while_the_receiver_was_down()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.RespondWith(503);
        await using var app = Simulation.Premium(new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true });
        app.Boot();
        var endpoint = await app.EndpointAsync(receiver.Url("/webhooks"));
        var raised = await app.CreateNoteAsync();
        await app.AdvanceAsync(TimeSpan.FromHours(12.5)); // the retry window runs out: failed
        var failed = await app.OnlyDeliveryAsync(raised);
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        receiver.RespondWith(200); // the receiver is back
        var outage = receiver.Count;
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await SignedInAsync(browser);
        await Ui.OpenAsync(page, $"/settings/developer/endpoints/{endpoint.Id}");

        var recover = page.Locator("[data-recover]");
        await Expect(recover.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Recover failed deliveries since…" })).ToBeVisibleAsync();
        await recover.GetByLabel("Since").FillAsync(app.Clock.GetUtcNow().AddDays(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
        await Ui.Button(page, "Recover failed deliveries").ClickAsync();

        await Expect(recover.Locator("[data-recovered]")).ToContainTextAsync($"1 delivery is sent again: #{failed.Id}");
        await receiver.WaitForRequestsAsync(outage + 1);
        await app.WhenIdleAsync();
        Assert.Equal(DeliveryStatus.Succeeded, (await app.DeliveryAsync(failed.Id)).Status);
        Assert.Equal(receiver.Requests.First().Body, receiver.Requests.Last().Body);
        await Screenshots.SaveAsync(page, "recover", forDocs: false);
    }

    private static async Task<IPage> SignedInAsync(IBrowserContext browser)
    {
        var page = await browser.NewPageAsync();
        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));
        return page;
    }
}
