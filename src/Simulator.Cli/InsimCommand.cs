using System.CommandLine;
using System.CommandLine.Help;

namespace Simulator.Cli;

/// <summary>
/// <c>insim</c>, the simulator's command line: <c>serve</c>, <c>check</c>, and the commands that drive a running
/// simulator (<c>trigger</c>, <c>advance</c>, <c>deliveries</c>, <c>resend</c>, <c>recover</c>, <c>send-test</c>). Every error is a
/// message on stderr and exit 2, never a stack trace.
/// </summary>
public static class InsimCommand
{
    public static readonly IReadOnlyList<string> Commands =
        [ServeCommand.Name, CheckCommand.Name, TriggerCommand.Name, AdvanceCommand.Name, DeliveriesCommand.Name, ResendCommand.Name, RecoverCommand.Name, SendTestCommand.Name];

    private const string Usage = "Usage: insim <command> [options]   (insim --help lists the commands; insim <command> --help shows examples)";

    private static readonly string RootHelp = """

        Examples:
          insim serve                                        # the simulator on http://localhost:5000
          insim check http://localhost:3000/webhooks --junit receiver-check.xml
          insim trigger soap_note.created
          insim advance 13h
          insim deliveries --status failed

        Exit codes (each command's --help has its own):
          0  done; for check: every case passed
          1  check: a case failed
          2  bad usage, or the command could not run (the message says why)

        """;

    /// <summary>
    /// Whether <paramref name="args"/> are for the command line: a command or a word that is not an option, or a
    /// request for help or the version; and nothing at all when the process is the installed tool's <c>insim</c>
    /// (it then asks for a command). Otherwise (nothing, or options such as <c>--urls</c>) the process is the web
    /// app, started as <c>dotnet run</c>, the image and the tests start it.
    /// </summary>
    public static bool Handles(IReadOnlyList<string> args) => Handles(args, Environment.ProcessPath);

    /// <inheritdoc cref="Handles(IReadOnlyList{string})"/>
    /// <param name="processPath">The running executable: the tool's shim is called <c>insim</c>.</param>
    public static bool Handles(IReadOnlyList<string> args, string? processPath)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            return processPath is not null && Path.GetFileNameWithoutExtension(processPath).Equals("insim", StringComparison.OrdinalIgnoreCase);
        }
        return !args[0].StartsWith('-') || args[0] is "-h" or "-?" or "--help" or "--version";
    }

    public static Task<int> RunAsync(string[] args, WebSimulator? web = null) => RunAsync(args, Console.Out, Console.Error, web);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, WebSimulator? web = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var parsed = Create(output, error, web).Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction and not InsimHelpAction)
            {
                foreach (var problem in parsed.Errors)
                {
                    await error.WriteLineAsync(TerminalText.Clean(problem.Message));
                }
                await error.WriteLineAsync(Usage);
                return ExitCodes.BadUsage;
            }
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // insim serve stops on Ctrl+C as a web host does; the other commands end with the process
                ProcessTerminationTimeout = null,
            });
        }
        catch (CommandFailedException failed)
        {
            await error.WriteLineAsync(failed.Message);
            return ExitCodes.BadUsage;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("Stopped.");
            return ExitCodes.BadUsage;
        }
#pragma warning disable CA1031 // the promise of every command: a message and exit 2, never a stack trace
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"insim: {TerminalText.Clean(unexpected.Message)} ({unexpected.GetType().Name})");
            return ExitCodes.BadUsage;
        }
    }

    /// <summary>The command tree, with the help's examples and exit codes.</summary>
    public static Command Create(TextWriter output, TextWriter error, WebSimulator? web)
    {
        var examples = new Dictionary<Command, string>();
        // a root named insim in the help, whatever the process is called (the tool runs Simulator.Web.dll)
        var root = new Command("insim", "insim: the Instinctive Notes webhook simulator on the command line. Serve it, check a receiver, drive a running simulator.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        Add(root, ServeCommand.Create(output, web), ServeCommand.Help, examples);
        Add(root, CheckCommand.Create(output, error), CheckCommand.Help, examples);
        Add(root, TriggerCommand.Create(output), TriggerCommand.Help, examples);
        Add(root, AdvanceCommand.Create(output), AdvanceCommand.Help, examples);
        Add(root, DeliveriesCommand.Create(output), DeliveriesCommand.Help, examples);
        Add(root, ResendCommand.Create(output), ResendCommand.Help, examples);
        Add(root, RecoverCommand.Create(output), RecoverCommand.Help, examples);
        Add(root, SendTestCommand.Create(output), SendTestCommand.Help, examples);
        examples[root] = RootHelp;
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new InsimHelpAction((HelpAction)help.Action!, examples);
        return root;
    }

    private static void Add(Command root, Command command, string help, Dictionary<Command, string> examples)
    {
        root.Subcommands.Add(command);
        examples[command] = help;
    }
}
