using System.Net.Http.Json;
using System.Text.Json;
using Simulator.Web.Extensions;

namespace Simulator.Tests.TestSupport;

/// <summary>The REST API of a simulator run as a process (<see cref="SimulatorProcess"/>), in the API's own JSON.</summary>
public static class ProcessApi
{
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    public static async Task<T> GetAsync<T>(this SimulatorProcess simulator, string path) => await simulator.SendAsync<T>(HttpMethod.Get, path, null);

    public static async Task<T> SendAsync<T>(this SimulatorProcess simulator, HttpMethod method, string path, object? body)
    {
        var text = await simulator.SendAsync(method, path, body);
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException($"{method} {path} answered null");
    }

    /// <summary>Sends an API request; anything but a 2xx fails the test with the answer and the app's log.</summary>
    public static async Task<string> SendAsync(this SimulatorProcess simulator, HttpMethod method, string path, object? body)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await simulator.Api.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"{method} {path} answered {(int)response.StatusCode}: {text}{Environment.NewLine}Last lines of the app's log ({simulator.LogPath}):{Environment.NewLine}{simulator.LogTail()}");
        }
        return text;
    }

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        SimulatorWebExtensions.ConfigureJson(options);
        return options;
    }
}
