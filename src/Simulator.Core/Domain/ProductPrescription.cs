namespace Simulator.Core.Domain;

/// <summary>A product recommended in a SOAP note.</summary>
public sealed class ProductPrescription
{
    private ProductPrescription()
    {
        Name = ProductExternalRef = string.Empty;
    }

    public ProductPrescription(Product product)
        : this()
    {
        ArgumentNullException.ThrowIfNull(product);
        ProductId = product.Id;
        ProductExternalRef = product.ExternalRef;
        Name = product.Name;
    }

    public int Id { get; private set; }

    public int SoapNoteId { get; private set; }

    /// <summary>Ids for a note that is never saved (the receiver check's notes).</summary>
    internal void Identify(int id, int soapNoteId)
    {
        Id = id;
        SoapNoteId = soapNoteId;
    }

    public string Name { get; private set; }

    public string ProductExternalRef { get; private set; }

    public int ProductId { get; private set; }
}
