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
    [InlineData("the `Practitioner` role is the")] // the reference names only the Owner
    [InlineData("Only\nthe Owner may change the plan")]
    [InlineData("Whether the real service ever\nreorders events or sends concurrent copies")] // the reference: duplicates "occasionally", nothing on order
    [InlineData("the 2 s of `answers_quickly`")] // the receiver check's limit
    [InlineData("a note has at most 50 exercise and 50 product")]
    [InlineData("256 KB (`413` beyond)")]
    [InlineData("Deleting an endpoint cancels the deliveries waiting for a retry")] // the reference: retries "continue until exhausted"
    [InlineData("or deleting it, which also cancels its waiting retries")]
    [InlineData("which note a\n`soap_note.updated` test sends")]
    [InlineData("Every `PATCH` raises `soap_note.updated`, also one that\nchanges nothing")]
    [InlineData("**Test sends of any note.**")] // object and fixture
    [InlineData("**Recover failed deliveries since…**")]
    [InlineData("**All events.** An endpoint's `enabled_events` may be `[\"*\"]`")]
    [InlineData("**What reaches an endpoint**, by its status")]
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

    [Fact]
    public void The_marker_is_never_broken_across_lines()
    {
        var readme = Readme.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.DoesNotContain("**Simulator's\n", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("**Simulator's choice\n", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void The_readme_names_the_menu_as_the_reference_does()
    {
        Assert.Contains("*Settings >> Change developers settings*", Readme.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("*Developer settings*", Readme.Value, StringComparison.Ordinal);
        Assert.DoesNotContain("on Developer settings", Readme.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_duplicate_advice_keeps_a_real_update_made_in_the_same_second()
    {
        Assert.DoesNotContain("the safe key is the note's `id` with its `updated_at`", Readme.Value, StringComparison.Ordinal);
        var advice = BlockContaining("**Updates**: compare `updated_at`");
        Assert.Contains("treat it as \"apply again\"", advice, StringComparison.Ordinal);
        Assert.Contains("keep a hash", advice, StringComparison.Ordinal);
        Assert.Contains("**Creations**: the object's `id`", Readme.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_attempt_counts_agree_with_the_retry_schedule_table()
    {
        var readme = Readme.Value.Replace("\r\n", "\n", StringComparison.Ordinal);
        var table = readme[readme.IndexOf("<!-- retry-schedule:start -->", StringComparison.Ordinal)..readme.IndexOf("<!-- retry-schedule:end -->", StringComparison.Ordinal)];
        var rows = table.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\| \d+ \|"));
        var stated = System.Text.RegularExpressions.Regex.Match(readme, @"that is (\d+) attempts over exactly 12 hours");
        var printed = System.Text.RegularExpressions.Regex.Match(readme, @"`soap_note\.created failed after (\d+) attempt\(s\)");

        Assert.True(stated.Success && printed.Success, "the README states the count and the script's line");
        Assert.Equal(rows, int.Parse(stated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(rows, int.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
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
