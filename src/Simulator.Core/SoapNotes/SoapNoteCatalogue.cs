using Simulator.Core.Domain;

namespace Simulator.Core.SoapNotes;

/// <summary>The clients and the exercise and product catalogue a SOAP note refers to.</summary>
public sealed record SoapNoteCatalogue(IReadOnlyList<Client> Clients, IReadOnlyList<Exercise> Exercises, IReadOnlyList<Product> Products);
