namespace Simulator.Core.Domain;

/// <summary>Something that happened in the account, with the exact body that is sent for it.</summary>
public sealed class WebhookEvent
{
    private WebhookEvent()
    {
        Type = Payload = string.Empty;
    }

    public WebhookEvent(string type, int objectId, DateTimeOffset createdAt, string payload, bool isTest)
    {
        if (!EventTypes.IsKnown(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown event type.");
        }
        Type = type;
        ObjectId = objectId;
        CreatedAt = createdAt;
        Payload = payload;
        IsTest = isTest;
    }

    public long Id { get; private set; }

    public string Type { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The id of the SOAP note the event is about.</summary>
    public int ObjectId { get; private set; }

    /// <summary>The JSON body, exactly as sent to every endpoint.</summary>
    public string Payload { get; private set; }

    /// <summary>Made by "Send test", not by a change in the account.</summary>
    public bool IsTest { get; private set; }
}
