namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// What a case of the receiver check proves (README.md, "Check a receiver"): its name on the wire, a title, and the
/// advice a failure carries — why it matters, quoting the Instinctive Notes documentation, and what to change.
/// </summary>
public sealed record ReceiverCheckCase(string Name, string Title, string WhyItMatters, string Reference, string WhatToChange)
{
    public const string AcceptsCreated = "accepts_created";
    public const string AcceptsUpdated = "accepts_updated";
    public const string AnswersQuickly = "answers_quickly";
    public const string AcceptsDuplicate = "accepts_duplicate";
    public const string AcceptsConcurrentDuplicate = "accepts_concurrent_duplicate";
    public const string AcceptsOutOfOrder = "accepts_out_of_order";
    public const string AcceptsUnicode = "accepts_unicode";
    public const string AcceptsLargeNote = "accepts_large_note";

    private const string TwoXx = "To acknowledge receipt of an event, your endpoint must return a 2xx HTTP status code to Instinctive Notes. All response codes outside this range, including 3xx codes, indicate to Instinctive Notes that you did not receive the event.";
    private const string Duplicates = "Webhook endpoints might occasionally receive the same event more than once. We advise you to guard against duplicated event receipts by making your event processing idempotent.";

    /// <summary>Every case, in the contract's order.</summary>
    public static IReadOnlyList<ReceiverCheckCase> All { get; } =
    [
        new(AcceptsCreated,
            "Accepts soap_note.created",
            "A receiver that refuses an event gets it again and again for 12 hours, then the event is marked failed, the contact is e-mailed and the endpoint is disabled.",
            TwoXx,
            "Answer POST requests with a JSON body of type soap_note.created with a 2xx (200 or 204) as soon as the body is read."),
        new(AcceptsUpdated,
            "Accepts soap_note.updated",
            "Updates are sent exactly like creations; refusing them loses every later change to a note.",
            TwoXx,
            "Handle the type soap_note.updated as well (an update to a note you already have), answering 2xx."),
        new(AnswersQuickly,
            "Answers every request within 2 s",
            "A slow answer risks the sender's timeout: the attempt then counts as failed and is repeated, so slow work leads to duplicates and, at worst, a disabled endpoint.",
            "Because properly acknowledging receipt of the webhook notification is so important, your endpoint should return a 2xx HTTP status code prior to any complex logic could cause a timeout.",
            "Store the body (or put it on a queue) and answer 2xx at once; do the slow work afterwards, in the background."),
        new(AcceptsDuplicate,
            "Accepts the same event twice",
            "The same bytes can arrive again (a retry after a lost answer, or a duplicate send). Refusing the copy makes it a failed attempt that is retried for 12 hours.",
            Duplicates,
            "Make processing idempotent: look up the SOAP note's id (data.object.id with updated_at) before creating a record, and answer 2xx for an event you already have."),
        new(AcceptsConcurrentDuplicate,
            "Accepts the same event twice at the same moment",
            "Two copies can arrive at once on two connections; a check-then-insert without a unique constraint or lock creates two records or fails one request.",
            Duplicates,
            "Make the idempotency check atomic: a unique key on the note's id (and updated_at) with an upsert, or a lock per note; answer 2xx to both copies."),
        new(AcceptsOutOfOrder,
            "Accepts an update before its creation",
            "A creation that failed is retried with exponential back-off for up to 12 hours, so a later update of the same note can arrive before it.",
            "If Instinctive Notes does not receive a 2xx HTTP status code, the notification attempt is repeated. ... Instinctive Notes attempts to deliver your webhooks for up to 12 hours with an exponential back off.",
            "Do not require a soap_note.created before a soap_note.updated: upsert by the note's id, and keep the version with the newest updated_at."),
        new(AcceptsUnicode,
            "Accepts non-ASCII text",
            "Patient notes are written in every language; names, recommendations and authors carry accents, other scripts and emoji.",
            "For each event occurrence, Instinctive Notes POSTs the webhook data to your endpoint in JSON format.",
            "Parse the body as JSON text in UTF-8 (JSON escapes such as \\u00e9 and surrogate pairs included) and store text columns as Unicode."),
        new(AcceptsLargeNote,
            "Accepts a note with 50 exercise prescriptions",
            "A SOAP note can prescribe up to 50 exercises; a body-size limit or a fixed-size column that is too small refuses real notes.",
            "The full event details are included and can be used directly after parsing the JSON into an Event object.",
            "Allow request bodies of at least 256 KB and store any number of prescriptions (up to 50) per note."),
    ];

    public static ReceiverCheckCase Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "No such receiver check case.");
}
