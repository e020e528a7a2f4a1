using Simulator.Cli;
using Simulator.Web.Extensions;

// insim <command>: the .NET tool's command line (src/Simulator.Cli); no command: the web app, as `dotnet run` and the image start it
if (InsimCommand.Handles(args))
{
    return await InsimCommand.RunAsync(args, new WebSimulator(web => web.AddSimulator(), web => web.UseSimulator()));
}

var builder = WebApplication.CreateBuilder(args);
builder.AddSimulator();

var app = builder.Build();
app.UseSimulator();
app.Run();
return 0;

/// <summary>The entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
