using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Simulator.Cli;

/// <summary>
/// The REST API of a running simulator (<c>--simulator URL</c>, <c>--token</c>), for the commands that drive
/// one. Whatever goes wrong (nothing listening, a refusal, an answer that is not the simulator's) becomes a
/// <see cref="CommandFailedException"/> that says what happened and what to do.
/// </summary>
public sealed class SimulatorApi : IDisposable
{
    public const string DefaultAddress = "http://localhost:5000";
    public const string DefaultToken = "dev-owner-token";

    /// <summary>An advance of days runs every retry that falls due on the way: give it time.</summary>
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromMinutes(10);

    private readonly HttpClient _http;

    public SimulatorApi(Uri address, string token)
    {
        ArgumentNullException.ThrowIfNull(address);
        Address = address;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AllowAutoRedirect = false })
        {
            BaseAddress = address,
            Timeout = AnswerWithin,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public Uri Address { get; }

    /// <summary>The simulator's address from <c>--simulator</c>: an absolute http or https URL.</summary>
    public static Uri ParseAddress(string? text)
    {
        if (Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.Host.Length > 0)
        {
            var root = address.GetLeftPart(UriPartial.Path);
            return new Uri(root.EndsWith('/') ? root : root + "/");
        }
        throw new CommandFailedException($"--simulator {TerminalText.Clean(text)}: give the running simulator's address, e.g. {DefaultAddress}.");
    }

    public Task<ApiAnswer> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        var what = $"{method} {new Uri(Address, path.TrimStart('/')).AbsolutePath}";
        HttpResponseMessage response;
        string text;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException(
                $"No simulator answers at {Address} ({TerminalText.Clean(e.Message)}). Start one with `insim serve`, or give its address with --simulator URL.", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailedException($"The simulator at {Address} did not answer {what} within {AnswerWithin.TotalMinutes:0} minutes.", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new CommandFailedException(Refusal(what, response.StatusCode, text));
            }
            try
            {
                return new ApiAnswer(text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
            }
            catch (JsonException e)
            {
                throw new CommandFailedException($"{Address} answered {what} with something other than JSON: is it the simulator? Give its address with --simulator URL.", e);
            }
        }
    }

    /// <summary>The simulator's problem details (title, detail, the fields named) as one message.</summary>
    private string Refusal(string what, HttpStatusCode status, string body)
    {
        var message = new StringBuilder($"The simulator refused {what}: {(int)status} {ReasonFor(status)}");
        try
        {
            if (JsonNode.Parse(body) is JsonObject problem)
            {
                if (problem["title"]?.GetValueKind() == JsonValueKind.String && problem["title"]!.GetValue<string>() is { Length: > 0 } title)
                {
                    message.Append(Invariant(" ({0})", TerminalText.Clean(title)));
                }
                if (problem["detail"]?.GetValueKind() == JsonValueKind.String && problem["detail"]!.GetValue<string>() is { Length: > 0 } detail)
                {
                    message.Append(Invariant(": {0}", TerminalText.Clean(detail)));
                }
                if (problem["errors"] is JsonObject errors)
                {
                    foreach (var (field, reasons) in errors)
                    {
                        var said = reasons is JsonArray list ? string.Join(" ", list.Select(r => r?.ToString())) : reasons?.ToString();
                        message.Append(Invariant("\n  {0}: {1}", TerminalText.Clean(field), TerminalText.Clean(said)));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // not problem details: the status says enough
        }
        message.Append(status switch
        {
            HttpStatusCode.Unauthorized => $"\nGive an API token the simulator knows with --token (default {DefaultToken}).",
            HttpStatusCode.Forbidden => $"\nThis needs the Owner's token (--token {DefaultToken}).",
            HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed when !body.Contains("\"detail\"", StringComparison.Ordinal) =>
                $"\n{Address} has no such resource: is it the simulator, and as new as this insim?",
            _ => "",
        });
        return message.ToString();
    }

    private static string ReasonFor(HttpStatusCode status) => ReasonPhrases.GetReasonPhrase((int)status) is { Length: > 0 } reason ? reason : status.ToString();

    private static string Invariant(string format, params object?[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, format, values);

    public void Dispose() => _http.Dispose();
}
