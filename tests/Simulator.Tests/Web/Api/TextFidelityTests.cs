using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Simulator.Tests.Web.Api;

public sealed class TextFidelityTests
{
    /// <summary>Accents, an emoji (outside the BMP: a surrogate pair) and the characters HTML and URLs treat specially.</summary>
    private const string Text = "Café Müller 😀 <&'+>\"";

    [Fact]
    public async Task A_note_with_accents_an_emoji_and_markup_characters_arrives_intact_and_every_retry_is_byte_identical()
    {
        await using var h = await ApiHarness.StartAsync();
        h.Receiver.RespondWith(500, "not yet");
        await h.UpgradeAsync();
        var endpoint = await h.CreateEndpointAsync(activate: true);
        var created = await h.Owner.PostAsJsonAsync("/api/soap-notes", new { name = Text, recommendations = "Rest. " + Text });
        created.EnsureSuccessStatusCode();

        await h.Receiver.WaitForRequestsAsync(1);
        await h.App.Control.AdvanceAsync(TimeSpan.FromHours(13));

        var delivery = (await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/deliveries?endpoint_id={endpoint}")))[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var requests = h.Receiver.Requests.ToList();
        Assert.True(requests.Count > 1, "the receiver's 500s should have caused retries");
        Assert.Equal(delivery.GetProperty("attempt_count").GetInt32(), requests.Count);
        var first = requests[0].BodyBytes;
        Assert.All(requests, r => Assert.Equal(first, r.BodyBytes));

        using var parsed = JsonDocument.Parse(first);
        var note = parsed.RootElement.GetProperty("data").GetProperty("object");
        Assert.Equal(Text, note.GetProperty("name").GetString());
        Assert.Equal("Rest. " + Text, note.GetProperty("recommendations").GetString());
        Assert.Equal("application/json", requests[0].Headers["Content-Type"].Split(';')[0]);
        var saved = await ApiHarness.ReadAsync(await h.Owner.GetAsync($"/api/events/{delivery.GetProperty("event_id").GetInt64()}"));
        Assert.Equal(first, Encoding.UTF8.GetBytes(saved.GetProperty("payload").GetString()!));

        // Why the README tells receivers to parse the JSON: the text is escaped on the wire, so
        // looking for it in the raw body finds nothing.
        Assert.DoesNotContain(Text, Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        var raw = Encoding.UTF8.GetString(first);
        Assert.DoesNotContain("Café", raw, StringComparison.Ordinal);
        Assert.Contains(@"Caf\u00E9 M\u00FCller \uD83D\uDE00 \u003C\u0026\u0027\u002B\u003E\u0022", raw, StringComparison.Ordinal); // as the README says
        Assert.All(first, b => Assert.True(b < 0x80));
    }
}
