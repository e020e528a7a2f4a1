using System.CommandLine;

namespace Simulator.Cli;

/// <summary>The options of every command that drives a running simulator: <c>--simulator URL</c> and <c>--token</c>.</summary>
public sealed class DriveOptions
{
    public Option<string> Simulator { get; } = new("--simulator")
    {
        Description = "The running simulator's address",
        HelpName = "URL",
        DefaultValueFactory = _ => SimulatorApi.DefaultAddress,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = "The API token (the Owner's: deliveries and endpoints are hers alone)",
        DefaultValueFactory = _ => SimulatorApi.DefaultToken,
    };

    /// <summary>The command with the two options added.</summary>
    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Simulator);
        command.Options.Add(Token);
        return command;
    }

    public SimulatorApi Connect(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SimulatorApi(SimulatorApi.ParseAddress(result.GetValue(Simulator)), result.GetValue(Token) ?? SimulatorApi.DefaultToken);
    }

    /// <summary>The help's lines shared by the driving commands.</summary>
    public const string ExitCodesHelp = """
        Exit codes:
          0  done
          2  bad usage, no simulator answers at --simulator, or the simulator refused (its reason is printed)
        """;
}
