using Simulator.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddSimulator();

var app = builder.Build();
app.UseSimulator();
app.Run();

/// <summary>The entry point; public for WebApplicationFactory in tests.</summary>
public partial class Program;
