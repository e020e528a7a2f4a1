namespace Simulator.Core.Domain;

/// <summary>The event types Instinctive Notes supports.</summary>
public static class EventTypes
{
    public const string SoapNoteCreated = "soap_note.created";
    public const string SoapNoteUpdated = "soap_note.updated";

    public static IReadOnlyList<string> All { get; } = [SoapNoteCreated, SoapNoteUpdated];

    public static bool IsKnown(string? type) => type is SoapNoteCreated or SoapNoteUpdated;
}
