using Microsoft.AspNetCore.Builder;

namespace Simulator.Cli;

/// <summary>How the web project adds the simulator to a web app (its services, then its pipeline): what <c>insim serve</c> runs.</summary>
public sealed record WebSimulator(Action<WebApplicationBuilder> AddServices, Action<WebApplication> UsePipeline);
