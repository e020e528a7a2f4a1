namespace Simulator.Core.Live;

/// <summary>What changed, for live views.</summary>
public enum LiveChangeKind
{
    Delivery,
    Endpoint,
    Event,
    Email,
    SoapNote,
    Account,
    Clock,
}
