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

    public int Id { get; private set; }

    public string ExternalRef { get; private set; }

    public string Name { get; private set; }
}
