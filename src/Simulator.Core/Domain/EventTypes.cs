namespace Simulator.Core.Domain;

/// <summary>The event types Instinctive Notes supports.</summary>
public static class EventTypes
{
    public const string SoapNoteCreated = "soap_note.created";
    public const string SoapNoteUpdated = "soap_note.updated";

    /// <summary>
    /// In <c>enabled_events</c>: every event type, present and future (the reference's "or all
    /// events"; the name <c>*</c> is the simulator's choice).
    /// </summary>
    public const string Wildcard = "*";

    public static IReadOnlyList<string> All { get; } = [SoapNoteCreated, SoapNoteUpdated];

    public static bool IsKnown(string? type) => type is SoapNoteCreated or SoapNoteUpdated;
}
