using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>A test send of a type for which the account has no SOAP note yet.</summary>
public sealed class NoSoapNoteYetException(string eventType)
    : DomainRuleException(
        "No SOAP note of that kind yet",
        eventType == EventTypes.SoapNoteUpdated
            ? "No SOAP note has been updated in this account yet. Change a SOAP note first, then send the test again."
            : "No SOAP note has been created in this account yet. Create a SOAP note first, then send the test again.");
