using Simulator.Core.Domain;

namespace Simulator.Tests.Core.Domain;

/// <summary>A note's timestamps, author and client ref as given, and a subscription to all events.</summary>
public sealed class GivenFieldsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 26, 14, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Created = new(2018, 3, 26, 14, 18, 0, TimeSpan.Zero);
    private static readonly Client Mine = new(50, "123456", "", "");

    [Fact]
    public void A_given_created_at_is_also_the_updated_at_unless_that_is_given_too()
    {
        var note = new SoapNote(Draft() with { CreatedAt = Created }, "Simon Jones", Now);
        var later = new SoapNote(Draft() with { CreatedAt = Created, UpdatedAt = Created.AddMinutes(3).AddMilliseconds(700) }, "Simon Jones", Now);

        Assert.Equal((Created, Created), (note.CreatedAt, note.UpdatedAt));
        Assert.Equal(Created.AddMinutes(3), later.UpdatedAt);
        Assert.Equal(("Simon Jones", 50, "123456"), (note.CreatedBy, note.ClientId, note.ClientExternalRef));
    }

    [Theory]
    [InlineData(1, 2018, 1, 1, "created_at")]
    [InlineData(2018, 2100, 1, 1, "updated_at")]
    [InlineData(2018, 2017, 12, 31, "updated_at")]
    public void A_timestamp_out_of_range_or_an_update_before_the_creation_is_refused_naming_it(int createdYear, int updatedYear, int updatedMonth, int updatedDay, string field)
    {
        var draft = Draft() with
        {
            CreatedAt = new DateTimeOffset(createdYear, 1, 1, 0, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(updatedYear, updatedMonth, updatedDay, 0, 0, 0, TimeSpan.Zero),
        };

        var refused = Assert.Throws<DomainValidationException>(() => new SoapNote(draft, "Simon Jones", Now));

        Assert.Equal([field], refused.Errors.Keys);
    }

    [Fact]
    public void A_revision_keeps_a_given_updated_at_and_stamps_now_otherwise()
    {
        var note = new SoapNote(Draft() with { CreatedAt = Created }, "Simon Jones", Now);
        var given = Created.AddDays(1);

        Assert.True(note.Revise(new SoapNoteRevision { CreatedBy = "Locum", UpdatedAt = given }, Now));
        Assert.Equal(("Locum", given), (note.CreatedBy, note.UpdatedAt));
        Assert.True(note.Revise(new SoapNoteRevision { Client = new Client(50, "654321", "", "") }, Now));
        Assert.Equal(("654321", Now), (note.ClientExternalRef, note.UpdatedAt));
        Assert.False(note.Revise(new SoapNoteRevision { Client = new Client(50, "654321", "", "") }, Now.AddHours(1)));
        Assert.Equal(["created_at"], Assert.Throws<DomainValidationException>(() => note.Revise(new SoapNoteRevision { CreatedAt = DateTimeOffset.MinValue }, Now)).Errors.Keys);
    }

    [Fact]
    public void All_events_covers_every_type_present_and_future_and_only_while_active()
    {
        var endpoint = WebhookEndpoint.Create("https://example.com/webhooks", "", "dev@example.com", [EventTypes.SoapNoteCreated, EventTypes.Wildcard], Now);

        Assert.Equal([EventTypes.Wildcard], endpoint.EnabledEvents);
        Assert.True(endpoint.SubscribesToAll);
        Assert.All(EventTypes.All.Append("soap_note.deleted"), type => Assert.True(endpoint.Subscribes(type)));
        Assert.False(endpoint.Receives(EventTypes.SoapNoteCreated)); // inactive
        endpoint.Activate(new Account("Practice", Plan.Premium, Now), Now);
        Assert.True(endpoint.Receives(EventTypes.SoapNoteUpdated));
    }

    private static SoapNoteDraft Draft() => new(
        Mine, "Standard Treatment", "", new DateTimeOffset(2018, 3, 26, 14, 15, 0, TimeSpan.Zero), SoapNoteState.Final,
        [new PrescribedExercise(new Exercise(33, "444555", "Stretch - Hip Flexor", "Foam roller"), new ExerciseDosage("20 seconds", "No bouncing", 1, "20 seconds", 1, 1, 3))],
        []);
}
