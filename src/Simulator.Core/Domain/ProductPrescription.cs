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

    public string Name { get; private set; }

    public string ProductExternalRef { get; private set; }

    public int ProductId { get; private set; }
}
