namespace Simulator.Core.Domain;

public enum SoapNoteState
{
    Draft,
    Final,
}
