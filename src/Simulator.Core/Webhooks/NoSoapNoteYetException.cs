using Simulator.Core.Domain;

namespace Simulator.Core.Webhooks;

/// <summary>A test send while the account has no SOAP note at all: there is nothing to send.</summary>
public sealed class NoSoapNoteYetException()
    : DomainRuleException(
        "No SOAP note yet",
        "This account has no SOAP note yet, so there is nothing to send. Create a SOAP note first, then send the test again.");
