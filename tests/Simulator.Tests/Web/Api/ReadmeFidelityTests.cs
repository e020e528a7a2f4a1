using Simulator.Core.Dispatching;

namespace Simulator.Tests.Web.Api;

/// <summary>
/// The README marks what the reference does not say as the simulator's choice, and quotes what the
/// code really sends.
/// </summary>
public sealed class ReadmeFidelityTests
{
    private const string Marker = "**Simulator's choice**";

    private static readonly Lazy<string> Readme = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));

    [Theory]
    [InlineData("`User-Agent: InstinctiveNotes-Webhooks/1.0`")] // the header's value
    [InlineData("`\"draft\"` or `\"final\"`")] // the SOAP note's state values
    [InlineData("deactivates every active endpoint")] // a downgrade deactivates endpoints
    [InlineData("has been disabled\"")] // the second e-mail
    [InlineData("Disabling cancels the endpoint's pending deliveries")]
    [InlineData("*Stop retrying* (`POST /api/deliveries/{id}/cancel`)")] // self-service cancel
    [InlineData("*Send again*\n(`POST /api/deliveries/{id}/retry`)")] // self-service resend
    [InlineData("only what you send it by hand")] // what reaches a disabled endpoint
    [InlineData("is **one attempt, without retries**")] // test sends
    [InlineData("one\ne-mail per episode")]
    [InlineData("`pending`, `succeeded`, `failed` or `cancelled`")] // status values
    [InlineData("Here the Owner alone\nalso sees deliveries")]
    [InlineData("writes every non-ASCII character")] // escaping
    [InlineData("Moving back to Premium does not re-activate anything")]
    public void Each_invention_is_marked_as_the_simulators_choice_where_it_is_described(string invention)
    {
        var block = BlockContaining(invention);

        Assert.Contains(Marker, block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_quotes_the_user_agent_that_is_sent_and_the_real_service_way_to_remove_retries()
    {
        Assert.Contains($"`User-Agent: {WebhookSender.UserAgent}`", Readme.Value, StringComparison.Ordinal);
        Assert.Contains("If you need to remove retries earlier please send an email\nto info@instinctive3.com", Readme.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_lists_the_demo_receiver_log_route_and_tells_receivers_to_parse_json()
    {
        Assert.Contains("`GET /api/demo-receiver/requests`", Readme.Value, StringComparison.Ordinal);
        Assert.Contains("read it with a JSON parser, never by string matching", Readme.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("receives nothing", Readme.Value, StringComparison.Ordinal);
    }

    /// <summary>The paragraph or list item that holds <paramref name="text"/>.</summary>
    private static string BlockContaining(string text)
    {
        var readme = Readme.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        var at = readme.IndexOf(text, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md does not say: {text}");
        var start = Math.Max(Math.Max(readme.LastIndexOf("\n\n", at, StringComparison.Ordinal), readme.LastIndexOf("\n- ", at, StringComparison.Ordinal)), 0);
        var ends = new[] { readme.IndexOf("\n\n", at, StringComparison.Ordinal), readme.IndexOf("\n- ", at, StringComparison.Ordinal) }.Where(i => i >= 0).ToList();
        var end = ends.Count == 0 ? readme.Length : ends.Min();
        return readme[start..end];
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Simulator.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Simulator.slnx not found above the test's directory.");
    }
}
