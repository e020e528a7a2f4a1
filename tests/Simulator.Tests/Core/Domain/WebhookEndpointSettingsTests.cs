using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>What the owner sees when changing an endpoint: the limits, the messages, what an update keeps and what it addresses.</summary>
public sealed class WebhookEndpointSettingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    [Fact]
    public void A_url_of_exactly_2048_characters_is_accepted_and_one_more_is_refused_with_the_limit_named()
    {
        var prefix = "https://example.com/";
        var longest = prefix + new string('a', WebhookEndpoint.MaxUrlLength - prefix.Length);

        Assert.Equal(2048, longest.Length);
        Assert.Equal(longest, NewEndpoint(url: longest).Url);
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(url: longest + "a"));
        Assert.Equal(["The URL may be at most 2048 characters."], refused.Errors["url"]);
    }

    [Fact]
    public void A_contact_email_of_exactly_254_characters_is_accepted_and_one_more_is_refused_with_the_limit_named()
    {
        var domain = "@example.com";
        var longest = new string('d', 64) + "." + new string('e', WebhookEndpoint.MaxEmailLength - domain.Length - 65) + domain;

        Assert.Equal(254, longest.Length);
        Assert.Equal(longest, NewEndpoint(email: "  " + longest + "  ").ContactEmail); // padding is not counted
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(email: "d" + longest));
        Assert.Equal(["The e-mail may be at most 254 characters."], refused.Errors["contact_email"]);
    }

    [Fact]
    public void A_description_of_exactly_500_characters_is_accepted_and_one_more_is_refused_with_the_limit_named()
    {
        var longest = new string('d', WebhookEndpoint.MaxDescriptionLength);

        Assert.Equal(longest, WebhookEndpoint.Create("https://example.com/hooks", longest, "dev@example.com", [EventTypes.SoapNoteCreated], Now).Description);
        var refused = Assert.Throws<DomainValidationException>(
            () => WebhookEndpoint.Create("https://example.com/hooks", longest + "d", "dev@example.com", [EventTypes.SoapNoteCreated], Now));
        Assert.Equal(["The description may be at most 500 characters."], refused.Errors["description"]);
    }

    [Fact]
    public void Description_and_email_are_kept_trimmed_and_a_missing_description_is_empty()
    {
        var endpoint = WebhookEndpoint.Create(" https://example.com/hooks ", "  Staging receiver ", " dev@example.com ", [EventTypes.SoapNoteCreated], Now);
        var bare = WebhookEndpoint.Create("https://example.com/hooks", null, "dev@example.com", [EventTypes.SoapNoteCreated], Now);

        Assert.Equal(("https://example.com/hooks", "Staging receiver", "dev@example.com"), (endpoint.Url, endpoint.Description, endpoint.ContactEmail));
        Assert.Equal(string.Empty, bare.Description);
        Assert.Equal((Now, Now), (endpoint.CreatedAt, endpoint.UpdatedAt));
        Assert.Equal(FaultSettings.Off, endpoint.Faults);
    }

    [Theory]
    [InlineData(null, "The URL is required.")]
    [InlineData("   ", "The URL is required.")]
    [InlineData("example.com/webhooks", "Enter an absolute URL, such as https://example.com/webhooks.")]
    [InlineData("file:///etc/passwd", "Enter an absolute URL, such as https://example.com/webhooks.")]
    [InlineData("ftp://example.com/webhooks", "The URL must start with http:// or https://.")]
    [InlineData("https://user:secret@example.com/webhooks", "The URL may not contain a user name or password (user:pass@): it is shown in the UI, the e-mails and the logs.")]
    [InlineData("https://user@example.com/webhooks", "The URL may not contain a user name or password (user:pass@): it is shown in the UI, the e-mails and the logs.")]
    public void A_bad_url_is_refused_with_a_message_that_says_what_to_enter(string? url, string message)
    {
        Assert.Equal(message, WebhookEndpoint.UrlError(url));
        Assert.Equal([message], Assert.Throws<DomainValidationException>(() => NewEndpoint(url: url)).Errors["url"]);
    }

    [Theory]
    [InlineData(null, "A contact e-mail is required: it is where failures are reported.")]
    [InlineData("  ", "A contact e-mail is required: it is where failures are reported.")]
    [InlineData("dev@localhost", "Enter a valid e-mail address, such as dev@example.com.")]
    [InlineData("Dev <dev@example.com>", "Enter a valid e-mail address, such as dev@example.com.")]
    public void A_bad_email_is_refused_with_a_message_that_says_what_to_enter(string? email, string message)
    {
        Assert.Equal(message, WebhookEndpoint.EmailError(email));
    }

    [Fact]
    public void A_good_url_and_email_have_no_error()
    {
        Assert.Null(WebhookEndpoint.UrlError("https://example.com/webhooks"));
        Assert.Null(WebhookEndpoint.UrlError("http://127.0.0.1:5000/hooks"));
        Assert.Null(WebhookEndpoint.EmailError(" dev@example.com "));
    }

    [Fact]
    public void Event_type_messages_name_the_problem_and_a_long_unknown_type_is_shortened()
    {
        var none = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: []));
        var unknown = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [EventTypes.SoapNoteCreated, "soap_note.deleted"]));
        var longName = new string('x', 61);
        var shortened = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [longName]));
        var exactly60 = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [longName[..60]]));

        Assert.Equal(["Subscribe to at least one event type."], none.Errors["enabled_events"]);
        Assert.Equal(["Unknown event type 'soap_note.deleted'. Supported: soap_note.created, soap_note.updated, or * for all events (present and future)."], unknown.Errors["enabled_events"]);
        Assert.Equal([$"Unknown event type '{longName[..60]}…'. Supported: soap_note.created, soap_note.updated, or * for all events (present and future)."], shortened.Errors["enabled_events"]);
        Assert.Equal([$"Unknown event type '{longName[..60]}'. Supported: soap_note.created, soap_note.updated, or * for all events (present and future)."], exactly60.Errors["enabled_events"]);
        Assert.Equal(
            ["Unknown event type 'null'. Supported: soap_note.created, soap_note.updated, or * for all events (present and future)."],
            Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [null!])).Errors["enabled_events"]);
    }

    [Fact]
    public void Up_to_20_repeated_event_types_are_folded_into_one_and_more_are_refused()
    {
        var twenty = Enumerable.Repeat(EventTypes.SoapNoteCreated, 20).ToArray();

        Assert.Equal([EventTypes.SoapNoteCreated], NewEndpoint(events: twenty).EnabledEvents);
        var refused = Assert.Throws<DomainValidationException>(() => NewEndpoint(events: [.. twenty, EventTypes.SoapNoteCreated]));
        Assert.Equal(["List each event type once."], refused.Errors["enabled_events"]);
    }

    [Fact]
    public void Update_changes_each_given_setting_trimmed_and_keeps_the_others()
    {
        var endpoint = NewEndpoint();

        endpoint.Update(null, "  New description ", " ops@example.org ", [EventTypes.SoapNoteUpdated], Now.AddMinutes(5));

        Assert.Equal("https://example.com/webhooks", endpoint.Url);
        Assert.Equal(("New description", "ops@example.org"), (endpoint.Description, endpoint.ContactEmail));
        Assert.Equal([EventTypes.SoapNoteUpdated], endpoint.EnabledEvents);
        Assert.Equal(Now.AddMinutes(5), endpoint.UpdatedAt);
        Assert.Equal(Now, endpoint.CreatedAt);

        endpoint.Update(" https://example.com/moved ", null, null, null, Now.AddMinutes(6));

        Assert.Equal("https://example.com/moved", endpoint.Url);
        Assert.Equal(("New description", "ops@example.org"), (endpoint.Description, endpoint.ContactEmail));
        Assert.Equal([EventTypes.SoapNoteUpdated], endpoint.EnabledEvents);
    }

    [Theory]
    [InlineData("ftp://example.com/hooks", null, "url")]
    [InlineData(null, "not-an-email", "contact_email")]
    public void Update_with_a_bad_value_is_refused_and_changes_nothing(string? url, string? email, string field)
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);

        var refused = Assert.Throws<DomainValidationException>(() => endpoint.Update(url, "Changed", email, [EventTypes.SoapNoteUpdated], Now.AddMinutes(5)));

        Assert.Equal([field], refused.Errors.Keys);
        Assert.Equal(("https://example.com/webhooks", "Receiver", "dev@example.com"), (endpoint.Url, endpoint.Description, endpoint.ContactEmail));
        Assert.Equal([EventTypes.SoapNoteCreated], endpoint.EnabledEvents);
        Assert.Equal(Now, endpoint.UpdatedAt);
        Assert.Equal(Now, endpoint.FailingSince);
    }

    [Fact]
    public void Update_with_a_description_over_the_limit_is_refused_and_keeps_the_old_one()
    {
        var endpoint = NewEndpoint();

        var refused = Assert.Throws<DomainValidationException>(() => endpoint.Update(null, new string('d', 501), null, null, Now.AddMinutes(1)));

        Assert.Equal(["description"], refused.Errors.Keys);
        Assert.Equal("One or more fields are invalid: description", refused.Message);
        Assert.Equal("Receiver", endpoint.Description);
    }

    [Fact]
    public void Activation_on_the_standard_plan_says_what_the_owner_can_do()
    {
        var refused = Assert.Throws<PremiumPlanRequiredException>(() => NewEndpoint().Activate(new Account("Practice", Plan.Standard, Now), Now));

        Assert.Equal("Webhooks can be set up and tested on the Standard plan, but activating an endpoint requires an upgrade to Premium.", refused.Message);
    }

    [Fact]
    public void Saving_the_same_url_again_does_not_address_a_failure()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);

        endpoint.Update("  https://example.com/webhooks ", null, "ops@example.org", null, Now.AddMinutes(1));

        Assert.True(endpoint.IsFailing);
        Assert.Equal(Now + Grace, endpoint.DisableAt);
        Assert.True(endpoint.DisableIfUnaddressed(Now + Grace));
    }

    [Fact]
    public void Reactivating_a_disabled_endpoint_ends_its_failing_episode_so_the_next_failure_starts_a_new_one()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);
        endpoint.DisableIfUnaddressed(Now + Grace);
        Assert.Equal(Now, endpoint.FailingSince); // a disabled endpoint still shows since when it failed

        endpoint.Activate(Premium, Now.AddHours(3));

        Assert.False(endpoint.IsFailing);
        Assert.Null(endpoint.FailingSince);
        Assert.Null(endpoint.DisableAt);
        Assert.Equal(Now.AddHours(3), endpoint.UpdatedAt);
        Assert.False(endpoint.DisableIfUnaddressed(Now.AddHours(10)));
        Assert.True(endpoint.StartFailing(Now.AddHours(4), Grace));
        Assert.Equal((Now.AddHours(4), Now.AddHours(5)), (endpoint.FailingSince, endpoint.DisableAt));
    }

    [Fact]
    public void Activation_needs_the_account_to_check_its_plan()
    {
        var endpoint = NewEndpoint();

        Assert.Equal("account", Assert.Throws<ArgumentNullException>(() => endpoint.Activate(null!, Now)).ParamName);
        Assert.Equal(EndpointStatus.Inactive, endpoint.Status);
    }

    [Fact]
    public void Activating_an_active_endpoint_again_changes_nothing_and_does_not_address_a_failure()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now.AddMinutes(1), Grace);

        endpoint.Activate(Premium, Now.AddMinutes(30));

        Assert.Equal(EndpointStatus.Active, endpoint.Status);
        Assert.Equal(Now.AddMinutes(1), endpoint.FailingSince);
        Assert.Equal(Now.AddMinutes(1), endpoint.UpdatedAt);
    }

    [Fact]
    public void Deactivation_keeps_its_reason_and_deactivating_an_inactive_endpoint_changes_nothing()
    {
        var endpoint = ActiveEndpoint();

        endpoint.Deactivate(Now.AddMinutes(1), "Stopped by the owner");
        endpoint.Deactivate(Now.AddMinutes(2), "again");

        Assert.Equal(EndpointStatus.Inactive, endpoint.Status);
        Assert.Equal("Stopped by the owner", endpoint.StatusReason);
        Assert.Equal(Now.AddMinutes(1), endpoint.UpdatedAt);

        endpoint.Activate(Premium, Now.AddMinutes(3));
        Assert.Null(endpoint.StatusReason);
        Assert.Equal(Now.AddMinutes(3), endpoint.UpdatedAt);
    }

    [Fact]
    public void Starting_and_ending_a_failing_episode_count_as_changes_of_the_endpoint()
    {
        var endpoint = ActiveEndpoint();

        endpoint.StartFailing(Now.AddMinutes(1), Grace);
        Assert.Equal(Now.AddMinutes(1), endpoint.UpdatedAt);

        endpoint.Recover(Now.AddMinutes(2));
        Assert.Equal(Now.AddMinutes(2), endpoint.UpdatedAt);

        Assert.False(endpoint.Recover(Now.AddMinutes(3)));
        Assert.Equal(Now.AddMinutes(2), endpoint.UpdatedAt);
    }

    [Fact]
    public void An_automatic_disable_says_when_and_since_when_and_only_an_active_endpoint_is_disabled()
    {
        var endpoint = ActiveEndpoint();
        endpoint.StartFailing(Now, Grace);

        Assert.True(endpoint.DisableIfUnaddressed(Now.AddHours(1).AddMinutes(2)));

        Assert.Equal(
            "Disabled automatically at 2026-03-26 15:02:00Z: deliveries failed since 2026-03-26 14:00:00Z and the failure was not addressed.",
            endpoint.StatusReason);
        Assert.Null(endpoint.DisableAt);
        Assert.Equal(Now.AddHours(1).AddMinutes(2), endpoint.UpdatedAt);

        var never = NewEndpoint();
        Assert.False(never.DisableIfUnaddressed(Now.AddDays(1)));
        Assert.Equal(EndpointStatus.Inactive, never.Status);
    }

    [Fact]
    public void The_fault_lab_settings_are_kept_on_the_endpoint()
    {
        var endpoint = NewEndpoint();

        endpoint.SetFaults(0.25, 0.5, 0.75, 7, Now.AddMinutes(1));
        endpoint.SetFaults(null, null, 0.1, null, Now.AddMinutes(2));

        Assert.Equal(new FaultSettings { DuplicateRate = 0.25, ConcurrentDuplicateRate = 0.5, ReorderRate = 0.1, Seed = 7 }, endpoint.Faults);
        Assert.Equal(Now.AddMinutes(2), endpoint.UpdatedAt);
    }

    private static Account Premium => new("Practice", Plan.Premium, Now);

    private static WebhookEndpoint NewEndpoint(
        string? url = "https://example.com/webhooks",
        string? email = "dev@example.com",
        string[]? events = null) =>
        WebhookEndpoint.Create(url, "Receiver", email, events ?? [EventTypes.SoapNoteCreated], Now);

    private static WebhookEndpoint ActiveEndpoint()
    {
        var endpoint = NewEndpoint();
        endpoint.Activate(Premium, Now);
        return endpoint;
    }
}
