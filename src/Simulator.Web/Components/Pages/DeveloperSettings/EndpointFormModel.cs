using Simulator.Core.Domain;

namespace Simulator.Web.Components.Pages.DeveloperSettings;

/// <summary>
/// What the endpoint form holds while the Owner types; each field's message comes from the same
/// rules the domain enforces (<see cref="WebhookEndpoint.UrlError"/>, <see cref="WebhookEndpoint.EmailError"/>).
/// </summary>
public sealed class EndpointFormModel
{
    public string? Url { get; set; }

    public string? Description { get; set; }

    public string? ContactEmail { get; set; }

    public HashSet<string> EnabledEvents { get; } = [];

    public string? UrlError => WebhookEndpoint.UrlError(Url);

    public string? ContactEmailError => WebhookEndpoint.EmailError(ContactEmail);

    public string? DescriptionError => Description is { Length: > WebhookEndpoint.MaxDescriptionLength }
        ? $"The description may be at most {WebhookEndpoint.MaxDescriptionLength} characters."
        : null;

    public string? EnabledEventsError => EnabledEvents.Count == 0 ? "Subscribe to at least one event type." : null;

    public bool IsValid => UrlError is null && ContactEmailError is null && DescriptionError is null && EnabledEventsError is null;

    /// <summary>How the UI names <c>*</c> in <c>enabled_events</c>.</summary>
    public const string AllEventsLabel = "All events (present and future)";

    /// <summary>Subscribed to every type, present and future (<c>*</c>).</summary>
    public bool SubscribesToAll => EnabledEvents.Contains(EventTypes.Wildcard);

    /// <summary>The event types in their documented order; <c>*</c> alone when all events are chosen.</summary>
    public IReadOnlyList<string> OrderedEvents => SubscribesToAll ? [EventTypes.Wildcard] : EventTypes.All.Where(EnabledEvents.Contains).ToList();

    public static EndpointFormModel From(WebhookEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var model = new EndpointFormModel { Url = endpoint.Url, Description = endpoint.Description, ContactEmail = endpoint.ContactEmail };
        model.EnabledEvents.UnionWith(endpoint.EnabledEvents);
        return model;
    }
}
