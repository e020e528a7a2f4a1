namespace Simulator.Cli;

/// <summary>A command that cannot do what it was asked: its message is printed as it is, and insim exits 2.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
