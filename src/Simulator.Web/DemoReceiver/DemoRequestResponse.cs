namespace Simulator.Web.DemoReceiver;

/// <summary>A request the demo receiver received, on the wire of <c>GET /api/demo-receiver/requests</c>.</summary>
/// <param name="Number">Running number since the start, 1 for the first.</param>
/// <param name="ReceivedAt">Simulated time of arrival.</param>
/// <param name="Headers">In the order received; a header sent twice appears twice.</param>
/// <param name="Event">The event in the body (<c>soap_note.created, SOAP note 12</c>); null when the body is no event.</param>
public sealed record DemoRequestResponse(
    long Number,
    DateTimeOffset ReceivedAt,
    string Method,
    string Path,
    IReadOnlyList<DemoHeaderResponse> Headers,
    string Body,
    bool BodyCut,
    string? Event,
    DemoAnswerResponse Answer)
{
    public static DemoRequestResponse From(DemoRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(
            request.Number,
            request.ReceivedAt,
            request.Method,
            request.Path,
            request.Headers.Select(h => new DemoHeaderResponse(h.Key, h.Value)).ToList(),
            request.Body,
            request.BodyCut,
            request.Event,
            new DemoAnswerResponse(request.Answer.State, request.Answer.StatusCode, request.Answer.Text));
    }
}

public sealed record DemoHeaderResponse(string Name, string Value);

/// <param name="State"><c>answered</c>, <c>waiting</c> (the slow route holds the request) or <c>not_answered</c> (the caller hung up).</param>
/// <param name="StatusCode">The status sent; null while waiting or when the caller hung up.</param>
/// <param name="Text">As the page shows it: <c>200 OK</c>, <c>No answer: the caller hung up after 10 s</c>.</param>
public sealed record DemoAnswerResponse(DemoAnswerState State, int? StatusCode, string Text);
