using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

public sealed class WebhookEndpointTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    [Fact]
    public void A_new_endpoint_is_inactive()
    {
        var endpoint = NewEndpoint();

        Assert.Equal(EndpointStatus.Inactive, endpoint.Status);
        Assert.False(endpoint.IsFailing);
        Assert.False(endpoint.Receives(EventTypes.SoapNoteCreated));
        Assert.Equal(Now, endpoint.CreatedAt);
    }

    [Fact]
    public void Activate_on_standard_plan_is_refused()
    {
        var endpoint = NewEndpoint();
        var standard = new Account("Practice", Plan.Standard, Now);

        var refused = Assert.Throws<PremiumPlanRequiredException>(() => endpoint.Activate(standard, Now));

        Assert.Equal("Premium plan required", refused.Title);
        Assert.Equal(EndpointStatus.Inactive, endpoint.Status);
    }

    [Fact]
    public void Activate_on_premium_plan_makes_the_endpoint_receive_its_events()
    {
        var endpoint = NewEndpoint(events: [EventTypes.SoapNoteUpdated]);

        endpoint.Activate(new Account("Practice", Plan.Premium, Now), Now.AddMinutes(1));

        Assert.Equal(EndpointStatus.Active, endpoint.Status);
        Assert.True(endpoint.Receives(EventTypes.SoapNoteUpdated));
        Assert.False(endpoint.Receives(EventTypes.SoapNoteCreated));
        Assert.Equal(Now.AddMinutes(1), endpoint.UpdatedAt);
    }

    [Theory]
    [InlineData("https://example.com/webhooks")]
    [InlineData("http://127.0.0.1:5000/hooks?x=1")]
    [InlineData("  https://example.com/padded  ")]
    public void An_absolute_http_or_https_url_is_accepted(string url)
    {
        var endpoint = NewEndpoint(url: url);

        Assert.Equal(url.Trim(), endpoint.Url);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/webhooks")]
    [InlineData("example.com/webhooks")]
    [InlineData("ftp://example.com/webhooks")]
    [InlineData("file:///etc/passwd")]
    [InlineData("mailto:dev@example.com")]
    public void A_url_that_is_not_absolute_http_or_https_is_refused(string? url)
    {
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(url: url));

        Assert.Equal(["url"], refused.Errors.Keys);
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused()
    {
        var url = "https://example.com/" + new string('a', WebhookEndpoint.MaxUrlLength);

        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(url: url));

        Assert.Contains("url", refused.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("dev@localhost")]
    [InlineData("Dev <dev@example.com>")]
    [InlineData("dev@@example.com")]
    public void A_missing_or_invalid_contact_email_is_refused(string? email)
    {
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(email: email));

        Assert.Equal(["contact_email"], refused.Errors.Keys);
    }

    [Fact]
    public void At_least_one_event_type_is_required()
    {
        Assert.Equal(["enabled_events"], Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [])).Errors.Keys);
        Assert.Equal(
            ["enabled_events"],
            Assert.Throws<DomainValidationException>(() => WebhookEndpoint.Create("https://example.com", null, "dev@example.com", null, Now)).Errors.Keys);
    }

    [Theory]
    [InlineData("soap_note.deleted")]
    [InlineData("SOAP_NOTE.CREATED")]
    [InlineData("")]
    public void An_unknown_event_type_is_refused(string unknown)
    {
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [EventTypes.SoapNoteCreated, unknown]));

        Assert.Equal(["enabled_events"], refused.Errors.Keys);
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var refused = Assert.Throws<DomainValidationException>(() => WebhookEndpoint.Create("nope", new string('d', 501), "nope", ["nope"], Now));

        Assert.Equal(["contact_email", "description", "enabled_events", "url"], refused.Errors.Keys.Order());
    }

    [Fact]
    public void Subscriptions_are_kept_once_each_in_the_supported_order()
    {
        var endpoint = NewEndpoint(events: [EventTypes.SoapNoteUpdated, EventTypes.SoapNoteCreated, EventTypes.SoapNoteUpdated]);

        Assert.Equal([EventTypes.SoapNoteCreated, EventTypes.SoapNoteUpdated], endpoint.EnabledEvents);
    }

    [Fact]
    public void A_failing_episode_starts_once_and_sets_the_disable_time()
    {
        var endpoint = ActiveEndpoint();

        Assert.True(endpoint.StartFailing(Now.AddHours(12), Grace));
        Assert.False(endpoint.StartFailing(Now.AddHours(13), Grace));

        Assert.True(endpoint.IsFailing);
        Assert.Equal(Now.AddHours(12), endpoint.FailingSince);
        Assert.Equal(Now.AddHours(13), endpoint.DisableAt);
    }

    [Fact]
    public void Only_an_active_endpoint_starts_failing()
    {
        var endpoint = NewEndpoint();

        Assert.False(endpoint.StartFailing(Now, Grace));
        Assert.False(endpoint.IsFailing);
        Assert.Null(endpoint.DisableAt);
    }

    [Fact]
    public void Recover_ends_the_episode_and_a_later_failure_starts_a_new_one()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);

        Assert.True(endpoint.Recover(Now.AddMinutes(10)));
        Assert.False(endpoint.Recover(Now.AddMinutes(11)));
        Assert.False(endpoint.IsFailing);
        Assert.Null(endpoint.DisableAt);
        Assert.False(endpoint.DisableIfUnaddressed(Now.AddHours(2)));
        Assert.Equal(EndpointStatus.Active, endpoint.Status);

        Assert.True(endpoint.StartFailing(Now.AddHours(3), Grace));
        Assert.Equal(Now.AddHours(4), endpoint.DisableAt);
    }

    [Fact]
    public void DisableIfUnaddressed_disables_only_from_the_disable_time_on()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);

        Assert.False(endpoint.DisableIfUnaddressed(Now.AddHours(1).AddTicks(-1)));
        Assert.Equal(EndpointStatus.Active, endpoint.Status);

        Assert.True(endpoint.DisableIfUnaddressed(Now.AddHours(1)));
        Assert.Equal(EndpointStatus.Disabled, endpoint.Status);
        Assert.NotNull(endpoint.StatusReason);
        Assert.False(endpoint.Receives(EventTypes.SoapNoteCreated));
        Assert.False(endpoint.DisableIfUnaddressed(Now.AddHours(2)));
    }

    [Fact]
    public void A_new_url_or_a_deactivation_addresses_the_failure()
    {
        var moved = ActiveEndpoint();
        moved.StartFailing(Now, Grace);
        moved.Update(null, "only the description", null, null, Now.AddMinutes(1));
        Assert.True(moved.IsFailing);
        moved.Update("https://example.com/fixed", null, null, null, Now.AddMinutes(2));
        Assert.False(moved.IsFailing);
        Assert.False(moved.DisableIfUnaddressed(Now.AddHours(2)));

        var deactivated = ActiveEndpoint();
        deactivated.StartFailing(Now, Grace);
        deactivated.Deactivate(Now.AddMinutes(1));
        Assert.False(deactivated.IsFailing);
        Assert.Equal(EndpointStatus.Inactive, deactivated.Status);
        Assert.False(deactivated.DisableIfUnaddressed(Now.AddHours(2)));
    }

    [Fact]
    public void A_disabled_endpoint_is_activated_again_only_on_premium()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);
        endpoint.DisableIfUnaddressed(Now.AddHours(1));

        Assert.Throws<PremiumPlanRequiredException>(() => endpoint.Activate(new Account("Practice", Plan.Standard, Now), Now.AddHours(2)));
        Assert.Equal(EndpointStatus.Disabled, endpoint.Status);

        endpoint.Activate(new Account("Practice", Plan.Premium, Now), Now.AddHours(2));
        Assert.Equal(EndpointStatus.Active, endpoint.Status);
        Assert.Null(endpoint.StatusReason);
    }

    private static WebhookEndpoint NewEndpoint(
        string? url = "https://example.com/webhooks",
        string? email = "dev@example.com",
        string[]? events = null) =>
        WebhookEndpoint.Create(url, "Receiver", email, events ?? [EventTypes.SoapNoteCreated], Now);

    private static WebhookEndpoint ActiveEndpoint()
    {
        var endpoint = NewEndpoint();
        endpoint.Activate(new Account("Practice", Plan.Premium, Now), Now);
        return endpoint;
    }
}
