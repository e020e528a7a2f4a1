namespace Simulator.Bench;

/// <summary>A webhook as the receiver saw it arrive: the SOAP note it carries and when (Stopwatch ticks).</summary>
public readonly record struct Arrival(int SoapNoteId, long Timestamp);
