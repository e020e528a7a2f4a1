using System.Text.Json;
using ReceiverAspNet;

// A minimal Instinctive Notes webhook receiver: it answers 2xx at once and is idempotent and
// order-independent: a SOAP note is kept by its id, and an event older than what is kept changes nothing.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<SoapNoteStore>();
var app = builder.Build();

app.MapPost("/webhooks", (JsonElement body, SoapNoteStore notes) =>
{
    if (body.ValueKind != JsonValueKind.Object
        || !body.TryGetProperty("type", out var type)
        || !body.TryGetProperty("data", out var data)
        || !data.TryGetProperty("object", out var note)
        || !note.TryGetProperty("id", out var id)
        || !note.TryGetProperty("updated_at", out var updatedAt))
    {
        return Results.BadRequest();
    }
    notes.Keep(id.GetInt64(), updatedAt.GetDateTimeOffset(), type.GetString() ?? "", note.GetRawText());
    return Results.Ok();
});
app.MapGet("/notes/{id:long}", (long id, SoapNoteStore notes) => notes.Find(id) is { } kept ? Results.Ok(kept) : Results.NotFound());

app.Run();

/// <summary>The entry point; public for WebApplicationFactory in the tests.</summary>
public partial class Program;
