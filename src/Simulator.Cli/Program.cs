using Simulator.Cli;

return await InsimCommand.RunAsync(args, Console.Out, Console.Error);
