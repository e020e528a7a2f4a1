namespace Simulator.Web.DemoReceiver;

/// <summary>A request the demo receiver received, and what it answered.</summary>
/// <param name="Number">Running number, 1 for the first request since the start.</param>
/// <param name="ReceivedAt">Simulated time of arrival, as on the delivery timeline.</param>
/// <param name="Event">The event in the body (<c>soap_note.created, SOAP note 12</c>) when it is one.</param>
public sealed record DemoRequest(
    long Number,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Body,
    bool BodyCut,
    string? Event,
    DemoAnswer Answer);
