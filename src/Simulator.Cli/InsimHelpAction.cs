using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Simulator.Cli;

/// <summary>The standard help, then the command's examples and exit codes.</summary>
internal sealed class InsimHelpAction(HelpAction standard, IReadOnlyDictionary<Command, string> examples) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exit = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(text.ReplaceLineEndings());
            if (!text.EndsWith('\n'))
            {
                output.WriteLine();
            }
        }
        return exit;
    }
}
