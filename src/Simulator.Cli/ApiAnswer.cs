using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Simulator.Cli;

/// <summary>A successful answer of the simulator's API: its JSON (null when empty) and its headers.</summary>
public sealed record ApiAnswer(JsonNode? Body, HttpResponseHeaders Headers)
{
    public JsonNode Json => Body ?? throw new CommandFailedException("The simulator answered with no body where one was expected.");
}
