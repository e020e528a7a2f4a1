using Simulator.Core.Domain;

namespace Simulator.Core.Payloads;

/// <summary>A product prescription exactly as <c>data.object.product_prescriptions[]</c> carries it.</summary>
public sealed record ProductPrescriptionObject(string Name, string ProductExternalRef, int ProductId)
{
    public static ProductPrescriptionObject From(ProductPrescription product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Name, product.ProductExternalRef, product.ProductId);
    }
}
