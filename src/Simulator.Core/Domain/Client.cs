namespace Simulator.Core.Domain;

/// <summary>A patient of the practice; SOAP notes are written about a client.</summary>
public sealed class Client
{
    private Client()
    {
        ExternalRef = FirstName = LastName = string.Empty;
    }

    public Client(string externalRef, string firstName, string lastName)
    {
        ExternalRef = externalRef;
        FirstName = firstName;
        LastName = lastName;
    }

    /// <summary>One with an id of its own, never saved: the receiver check's catalogue (not the account's).</summary>
    internal Client(int id, string externalRef, string firstName, string lastName)
        : this(externalRef, firstName, lastName)
    {
        Id = id;
    }

    public int Id { get; private set; }

    /// <summary>The client's id in the practice's own system (a string, as in the webhook body).</summary>
    public string ExternalRef { get; private set; }

    public string FirstName { get; private set; }

    public string LastName { get; private set; }

    public string FullName => $"{FirstName} {LastName}";
}
