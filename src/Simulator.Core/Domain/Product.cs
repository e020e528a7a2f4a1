namespace Simulator.Core.Domain;

/// <summary>A product of the practice's catalogue that can be prescribed (pillows, heat packs, ...).</summary>
public sealed class Product
{
    private Product()
    {
        ExternalRef = Name = string.Empty;
    }

    public Product(string externalRef, string name)
    {
        ExternalRef = externalRef;
        Name = name;
    }

    /// <summary>One with an id of its own, never saved: the receiver check's catalogue (not the account's).</summary>
    internal Product(int id, string externalRef, string name)
        : this(externalRef, name)
    {
        Id = id;
    }

    public int Id { get; private set; }

    public string ExternalRef { get; private set; }

    public string Name { get; private set; }
}
