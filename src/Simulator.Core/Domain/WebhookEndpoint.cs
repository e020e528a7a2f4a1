using System.Net.Mail;

namespace Simulator.Core.Domain;

/// <summary>
/// A receiver registered under "Settings >> Change developers settings". New endpoints are always
/// inactive; only a Premium account may activate one; a failing endpoint is disabled if the
/// failure is not addressed in time.
/// </summary>
public sealed class WebhookEndpoint
{
    public const int MaxUrlLength = WebhookUrl.MaxLength;
    public const int MaxDescriptionLength = 500;
    public const int MaxEmailLength = 254;

    private WebhookEndpoint()
    {
        Url = Description = ContactEmail = string.Empty;
        EnabledEvents = [];
    }

    public int Id { get; private set; }

    public string Url { get; private set; }

    public string Description { get; private set; }

    public string ContactEmail { get; private set; }

    public List<string> EnabledEvents { get; private set; }

    public EndpointStatus Status { get; private set; }

    /// <summary>Why the endpoint is in its status, when that is not the user's plain choice.</summary>
    public string? StatusReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>When the current failing episode began (the first delivery marked failed).</summary>
    public DateTimeOffset? FailingSince { get; private set; }

    /// <summary>When the endpoint will be disabled unless the failure is addressed.</summary>
    public DateTimeOffset? DisableAt { get; private set; }

    public bool IsFailing => FailingSince is not null;

    /// <summary>The fault lab: duplicates, concurrent duplicates and reordering on purpose; off by default.</summary>
    public FaultSettings Faults
    {
        get => new()
        {
            DuplicateRate = FaultDuplicateRate,
            ConcurrentDuplicateRate = FaultConcurrentDuplicateRate,
            ReorderRate = FaultReorderRate,
            Seed = FaultSeed,
        };
        private set => (FaultDuplicateRate, FaultConcurrentDuplicateRate, FaultReorderRate, FaultSeed) =
            (value.DuplicateRate, value.ConcurrentDuplicateRate, value.ReorderRate, value.Seed);
    }

    // the fault lab's columns (flat: EF InMemory cannot query complex properties)
    private double FaultDuplicateRate { get; set; }

    private double FaultConcurrentDuplicateRate { get; set; }

    private double FaultReorderRate { get; set; }

    private int FaultSeed { get; set; } = FaultSettings.DefaultSeed;

    public static WebhookEndpoint Create(string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents, DateTimeOffset now)
    {
        var events = Validate(url, description, contactEmail, enabledEvents);
        return new WebhookEndpoint
        {
            Url = WebhookUrl.Normalize(url!),
            Description = description?.Trim() ?? string.Empty,
            ContactEmail = contactEmail!.Trim(),
            EnabledEvents = events,
            Status = EndpointStatus.Inactive,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>
    /// Validates endpoint input and returns the subscribed event types without duplicates;
    /// throws <see cref="DomainValidationException"/> naming every bad field.
    /// </summary>
    public static List<string> Validate(string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents)
    {
        var errors = new Dictionary<string, List<string>>();
        if (UrlError(url) is { } urlError)
        {
            errors["url"] = [urlError];
        }
        if (EmailError(contactEmail) is { } emailError)
        {
            errors["contact_email"] = [emailError];
        }
        if (description is { Length: > MaxDescriptionLength })
        {
            errors["description"] = [$"The description may be at most {MaxDescriptionLength} characters."];
        }
        var events = enabledEvents?.ToList();
        if (events is null || events.Count == 0)
        {
            errors["enabled_events"] = ["Subscribe to at least one event type."];
        }
        else if (events.Any(e => !EventTypes.IsKnown(e) && e != EventTypes.Wildcard))
        {
            var unknown = events.First(e => !EventTypes.IsKnown(e) && e != EventTypes.Wildcard);
            errors["enabled_events"] = [$"Unknown event type '{Shorten(unknown ?? "null")}'. Supported: {string.Join(", ", EventTypes.All)}, or {EventTypes.Wildcard} for all events (present and future)."];
        }
        else if (events.Count > 20)
        {
            errors["enabled_events"] = ["List each event type once."];
        }
        DomainValidationException.ThrowIfAny(errors);
        return events!.Contains(EventTypes.Wildcard) ? [EventTypes.Wildcard] : EventTypes.All.Where(events.Contains).ToList();
    }

    /// <summary>What is wrong with an endpoint URL (<see cref="WebhookUrl.Error"/>); null when it is good.</summary>
    public static string? UrlError(string? url) => WebhookUrl.Error(url);

    public static string? EmailError(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return "A contact e-mail is required: it is where failures are reported.";
        }
        var trimmed = email.Trim();
        if (trimmed.Length > MaxEmailLength)
        {
            return $"The e-mail may be at most {MaxEmailLength} characters.";
        }
        if (!MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            return "Enter a valid e-mail address, such as dev@example.com.";
        }
        return null;
    }

    /// <summary>Whether an event of this type is delivered here now.</summary>
    public bool Receives(string eventType) => Status == EndpointStatus.Active && Subscribes(eventType);

    /// <summary>Whether the endpoint is subscribed to this type: named, or through <c>*</c> (every type, present and future).</summary>
    public bool Subscribes(string eventType) => SubscribesToAll || EnabledEvents.Contains(eventType);

    /// <summary>Subscribed with <c>*</c>: every event type, present and future.</summary>
    public bool SubscribesToAll => EnabledEvents.Contains(EventTypes.Wildcard);

    /// <summary>Changes the given settings; a new URL addresses a failing episode.</summary>
    public void Update(string? url, string? description, string? contactEmail, IEnumerable<string>? enabledEvents, DateTimeOffset now)
    {
        var events = Validate(url ?? Url, description ?? Description, contactEmail ?? ContactEmail, enabledEvents ?? EnabledEvents);
        var newUrl = url is null ? Url : WebhookUrl.Normalize(url);
        if (newUrl != Url && IsFailing)
        {
            EndFailing();
        }
        Url = newUrl;
        Description = description?.Trim() ?? Description;
        ContactEmail = contactEmail?.Trim() ?? ContactEmail;
        EnabledEvents = events;
        UpdatedAt = now;
    }

    /// <summary>Changes the fault lab's settings (null keeps a value); a rate outside 0..1 is refused, naming the field.</summary>
    public void SetFaults(double? duplicateRate, double? concurrentDuplicateRate, double? reorderRate, int? seed, DateTimeOffset now)
    {
        Faults = Faults.With(duplicateRate, concurrentDuplicateRate, reorderRate, seed);
        UpdatedAt = now;
    }

    public void Activate(Account account, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!account.CanActivateWebhooks)
        {
            throw new PremiumPlanRequiredException();
        }
        if (Status == EndpointStatus.Active)
        {
            return;
        }
        Status = EndpointStatus.Active;
        StatusReason = null;
        EndFailing();
        UpdatedAt = now;
    }

    public void Deactivate(DateTimeOffset now, string? reason = null)
    {
        if (Status == EndpointStatus.Inactive)
        {
            return;
        }
        Status = EndpointStatus.Inactive;
        StatusReason = reason;
        EndFailing();
        UpdatedAt = now;
    }

    /// <summary>
    /// A delivery to this endpoint was marked failed. Starts a failing episode (returns true)
    /// unless one is running or the endpoint is not active.
    /// </summary>
    public bool StartFailing(DateTimeOffset now, TimeSpan grace)
    {
        if (Status != EndpointStatus.Active || IsFailing)
        {
            return false;
        }
        FailingSince = now;
        DisableAt = now + grace;
        UpdatedAt = now;
        return true;
    }

    /// <summary>A delivery succeeded: the failing episode, if any, is over. Returns whether one was.</summary>
    public bool Recover(DateTimeOffset now)
    {
        if (!IsFailing)
        {
            return false;
        }
        EndFailing();
        UpdatedAt = now;
        return true;
    }

    /// <summary>Disables the endpoint when its failure was not addressed by <see cref="DisableAt"/>.</summary>
    public bool DisableIfUnaddressed(DateTimeOffset now)
    {
        if (Status != EndpointStatus.Active || DisableAt is not { } disableAt || now < disableAt)
        {
            return false;
        }
        Status = EndpointStatus.Disabled;
        StatusReason = $"Disabled automatically at {now:yyyy-MM-dd HH:mm:ss}Z: deliveries failed since {FailingSince:yyyy-MM-dd HH:mm:ss}Z and the failure was not addressed.";
        DisableAt = null;
        UpdatedAt = now;
        return true;
    }

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;

    private void EndFailing()
    {
        FailingSince = null;
        DisableAt = null;
    }
}
