using Microsoft.Playwright;
using Simulator.Core.Webhooks;
using Simulator.Tests.Core.Dispatching;
using Simulator.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Simulator.Tests.Browser;

[Trait("Category", "Browser")]
public sealed class FaultLabBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task The_owner_turns_duplicates_on_in_the_fault_lab_and_sees_the_copy_marked_in_the_list()
    {
        await using var receiver = await TestReceiver.StartAsync();
        await using var app = Simulation.Premium(new SimulatorAppFactory { UseRealPort = true, UseSystemTime = true }, ("Clock:Speed", "3600"));
        app.Boot();
        var endpoint = await app.EndpointAsync(receiver.Url("/webhooks"));
        await using var browser = await chromium.NewContextAsync(app.ServerAddress);
        var page = await browser.NewPageAsync();
        await Ui.OpenAsync(page, "/sign-in");
        await Ui.ClickAndReloadAsync(page, Ui.Button(page, "Sign in as Olivia Owner"));

        await Ui.OpenAsync(page, $"/settings/developer/endpoints/{endpoint.Id}");
        var lab = page.Locator("[data-fault-lab]");
        await Expect(lab.GetByRole(AriaRole.Heading, new LocatorGetByRoleOptions { Name = "Fault lab" })).ToBeVisibleAsync();
        await Expect(lab).ToContainTextAsync("only now and then");
        await lab.GetByLabel("Duplicates", new LocatorGetByLabelOptions { Exact = true }).FillAsync("1");
        await Ui.Button(page, "Save fault lab").ClickAsync();
        await Expect(page.Locator("[data-fault-lab-saved]")).ToContainTextAsync("Faults are on");
        Assert.Equal(1, (await app.EndpointAsync(endpoint.Id)).Faults.DuplicateRate);

        await app.CreateNoteAsync();

        var copy = page.Locator("[data-delivery-list] [data-fault=duplicate]");
        await Expect(copy).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        var original = (await app.Service<WebhookActivity>().DeliveriesAsync(new DeliveryFilter(EndpointId: endpoint.Id))).Single(d => !d.IsCopy);
        await Expect(copy).ToHaveTextAsync($"Duplicate of #{original.Id}");
        await Expect(page.Locator("[data-delivery-list] .delivery-row")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(page, "fault-lab");
        Assert.Equal(2, receiver.Count);
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
    }
}
