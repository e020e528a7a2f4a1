namespace Simulator.Core.Domain;

/// <summary>An exercise of the practice's catalogue that can be prescribed.</summary>
public sealed class Exercise
{
    private Exercise()
    {
        ExternalRef = Name = Tools = string.Empty;
    }

    public Exercise(string externalRef, string name, string tools)
    {
        ExternalRef = externalRef;
        Name = name;
        Tools = tools;
    }

    /// <summary>One with an id of its own, never saved: the receiver check's catalogue (not the account's).</summary>
    internal Exercise(int id, string externalRef, string name, string tools)
        : this(externalRef, name, tools)
    {
        Id = id;
    }

    public int Id { get; private set; }

    public string ExternalRef { get; private set; }

    public string Name { get; private set; }

    /// <summary>Equipment the exercise needs; empty when none.</summary>
    public string Tools { get; private set; }
}
