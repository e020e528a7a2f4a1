using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Simulator.Core.Dispatching;
using Simulator.Core.Domain;
using Simulator.Core.Payloads;

namespace Simulator.Core.ReceiverChecks;

/// <summary>
/// Runs the receiver check (README.md, "Check a receiver"): sends a fixed series of realistic events to a URL, each
/// request exactly as a real delivery (<see cref="WebhookSender"/>, <see cref="WebhookPayload"/>), and
/// judges the answers case by case. Its notes are made for the check and never saved to the account. It says first what
/// it could not do (<see cref="ReceiverReachability"/>), and a check that breaks ends failed with the reason.
/// </summary>
public sealed partial class ReceiverCheckRunner(WebhookSender sender, TimeProvider time)
{
    /// <summary>How much of an answer a report keeps.</summary>
    public const int AnswerPreviewLength = 200;

    /// <summary>The real time within which every answer must come (<c>answers_quickly</c>; <c>Simulator:ReceiverCheck:AnswerWithin</c>).</summary>
    internal TimeSpan QuickAnswerLimit { get; init; } = new ReceiverCheckOptions().AnswerWithin;

    /// <summary>The machine's clock, for the check's real start and duration (<c>time</c> is the simulated clock the events carry).</summary>
    internal TimeProvider RealTime { get; init; } = TimeProvider.System;

    /// <summary>How long reaching the receiver may take (<c>Simulator:Delivery:Timeout</c>, the webhook client's connect timeout).</summary>
    internal TimeSpan ConnectTimeout { get; init; } = new DeliveryOptions().Timeout;

    internal ILogger Logger { get; init; } = NullLogger.Instance;

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Refuses a URL that cannot be checked with a field error for <c>url</c> (a 400 in the API).</summary>
    public static void ThrowIfBadUrl(string? url)
    {
        if (WebhookEndpoint.UrlError(url) is { } error)
        {
            throw new DomainValidationException(new Dictionary<string, string[]> { ["url"] = [error] });
        }
    }

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Checks <paramref name="url"/>; <paramref name="progress"/> sees the report after every step.</summary>
    public Task<ReceiverCheckReport> RunAsync(string url, Action<ReceiverCheckReport>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(NewId(), url, progress, cancellationToken);

    internal async Task<ReceiverCheckReport> RunAsync(string id, string url, Action<ReceiverCheckReport>? progress, CancellationToken cancellationToken)
    {
        ThrowIfBadUrl(url);
        url = url.Trim();
        var started = RealTime.GetTimestamp();
        var run = new ReceiverCheckRun(id, url, time.GetUtcNow(), RealTime.GetUtcNow());
        Tell(run.Report);

        try
        {
            if (await ReceiverReachability.ProbeAsync(new Uri(url), ConnectTimeout, RealTime, cancellationToken) is { } unreachable)
            {
                return Finished(run.Stop(unreachable, ReceiverCheckRun.NotReachedDetail, time.GetUtcNow(), ElapsedMs()));
            }
            var notes = new CheckNotes(RandomNumberGenerator.GetInt32(int.MaxValue));
            var all = new List<CheckAttemptReport>();
            var check = new Check(this, url, notes);

            Tell(run.Start(ReceiverCheckCase.AnswersQuickly, "Timing every answer of this check."));
            foreach (var (name, start, body) in Cases(check))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Tell(run.Start(name, start));
                var attempts = await body(cancellationToken);
                all.AddRange(attempts);
                Tell(Judge(run, name, attempts));
            }
            Tell(JudgeTiming(run, all));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // whatever broke, the check ends failed with the reason instead of running forever
        catch (Exception broke)
#pragma warning restore CA1031
        {
            LogBrokeOff(Logger, broke, id, url);
            return Finished(run.Stop(ReceiverCheckRun.BrokenOffError(broke), ReceiverCheckRun.BrokenOffDetail, time.GetUtcNow(), ElapsedMs()));
        }
        return Finished(run.Finish(time.GetUtcNow(), ElapsedMs()));

        ReceiverCheckReport Finished(ReceiverCheckReport report)
        {
            Tell(report);
            return report;
        }

        long ElapsedMs() => (long)RealTime.GetElapsedTime(started).TotalMilliseconds;

        // not progress?.Invoke(run.Start(...)): that would skip the step itself when nobody listens
        void Tell(ReceiverCheckReport report) => progress?.Invoke(report);
    }

    /// <summary>At most <paramref name="length"/> characters of <paramref name="text"/>, never half a surrogate pair.</summary>
    internal static string Preview(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut];
    }

    private static IEnumerable<(string Name, string Start, Func<CancellationToken, Task<IReadOnlyList<CheckAttemptReport>>> Body)> Cases(Check check) =>
    [
        (ReceiverCheckCase.AcceptsCreated, "Sending soap_note.created.", check.CreatedAsync),
        (ReceiverCheckCase.AcceptsUpdated, "Sending soap_note.created, then soap_note.updated for the same note.", check.UpdatedAsync),
        (ReceiverCheckCase.AcceptsDuplicate, "Sending the same soap_note.created twice, one after the other.", check.DuplicateAsync),
        (ReceiverCheckCase.AcceptsConcurrentDuplicate, "Sending the same soap_note.created twice at once, on two connections.", check.ConcurrentDuplicateAsync),
        (ReceiverCheckCase.AcceptsOutOfOrder, "Sending soap_note.updated for a note, then its soap_note.created.", check.OutOfOrderAsync),
        (ReceiverCheckCase.AcceptsUnicode, "Sending a note with non-ASCII text.", check.UnicodeAsync),
        (ReceiverCheckCase.AcceptsLargeNote, $"Sending a note with {CheckNotes.LargeNoteExercises} exercise prescriptions.", check.LargeNoteAsync),
    ];

    private static ReceiverCheckReport Judge(ReceiverCheckRun run, string name, IReadOnlyList<CheckAttemptReport> attempts)
    {
        var refused = attempts.Where(a => !a.Succeeded).ToList();
        var detail = refused.Count == 0
            ? (attempts.Count == 1 ? "Answered " : "Every request was answered with a 2xx: ") + string.Join("; ", attempts.Select(a => a.Outcome)) + "."
            : $"Not acknowledged with a 2xx ({refused.Count} of {attempts.Count}): " + string.Join("; ", refused.Select(a => $"{a.Outcome} for {a.Sent}")) + ".";
        return run.Judge(name, attempts, refused.Count == 0, detail);
    }

    private ReceiverCheckReport JudgeTiming(ReceiverCheckRun run, List<CheckAttemptReport> all)
    {
        var limitMs = (long)QuickAnswerLimit.TotalMilliseconds;
        var late = all.Where(a => a.StatusCode is null || a.DurationMs > limitMs).ToList();
        string detail;
        if (all.Count == 0)
        {
            detail = "No request was made.";
        }
        else if (late.Count == 0)
        {
            detail = $"All {all.Count} answers came within {limitMs} ms; the slowest took {all.Max(a => a.DurationMs)} ms.";
        }
        else
        {
            var examples = string.Join("; ", late.Take(3).Select(a => a.StatusCode is null
                ? $"no answer ({a.Error}) after {a.DurationMs} ms for {a.Sent}"
                : $"HTTP {a.StatusCode} after {a.DurationMs} ms for {a.Sent}"));
            detail = $"Not answered within {limitMs} ms of real time ({late.Count} of {all.Count}): {examples}{(late.Count > 3 ? "; ..." : "")}.";
        }
        return run.Judge(ReceiverCheckCase.AnswersQuickly, late.Count == 0 ? all : late, all.Count > 0 && late.Count == 0, detail);
    }

    private async Task<CheckAttemptReport> SendAsync(string url, string eventType, SoapNote note, string payload, string label, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(url, payload, cancellationToken);
        var bytes = Encoding.UTF8.GetByteCount(payload);
        var sent = $"{label} ({eventType}, note {note.Id.ToString(CultureInfo.InvariantCulture)}, {bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes)";
        var answer = Preview(outcome.ResponseBody, AnswerPreviewLength);
        var error = outcome.Error ?? (outcome.StatusCode is null ? "no answer" : null);
        return new CheckAttemptReport(sent, eventType, note.Id, bytes, outcome.StatusCode, outcome.DurationMs, error, answer);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiver check {CheckId} of {Url} broke off")]
    private static partial void LogBrokeOff(ILogger logger, Exception exception, string checkId, string url);

    /// <summary>The cases' requests, each with notes of its own.</summary>
    private sealed class Check(ReceiverCheckRunner runner, string url, CheckNotes notes)
    {
        private DateTimeOffset Now => runner.Now;

        public async Task<IReadOnlyList<CheckAttemptReport>> CreatedAsync(CancellationToken ct)
        {
            var note = notes.Note(Now);
            return [await SendAsync(EventTypes.SoapNoteCreated, note, "the creation", ct)];
        }

        public async Task<IReadOnlyList<CheckAttemptReport>> UpdatedAsync(CancellationToken ct)
        {
            var note = notes.Note(Now);
            var created = await SendAsync(EventTypes.SoapNoteCreated, note, "the creation", ct);
            notes.Revise(note, Now + TimeSpan.FromMinutes(3));
            var updated = await SendAsync(EventTypes.SoapNoteUpdated, note, "the update", ct);
            return [created, updated];
        }

        public async Task<IReadOnlyList<CheckAttemptReport>> DuplicateAsync(CancellationToken ct)
        {
            var note = notes.Note(Now);
            var payload = WebhookPayload.Write(EventTypes.SoapNoteCreated, note, Now);
            var first = await runner.SendAsync(url, EventTypes.SoapNoteCreated, note, payload, "first copy", ct);
            var second = await runner.SendAsync(url, EventTypes.SoapNoteCreated, note, payload, "second copy, the same bytes", ct);
            return [first, second];
        }

        public async Task<IReadOnlyList<CheckAttemptReport>> ConcurrentDuplicateAsync(CancellationToken ct)
        {
            var note = notes.Note(Now);
            var payload = WebhookPayload.Write(EventTypes.SoapNoteCreated, note, Now);
            var both = await Task.WhenAll(
                runner.SendAsync(url, EventTypes.SoapNoteCreated, note, payload, "copy A (sent at once with B)", ct),
                runner.SendAsync(url, EventTypes.SoapNoteCreated, note, payload, "copy B (sent at once with A)", ct));
            return both;
        }

        public async Task<IReadOnlyList<CheckAttemptReport>> OutOfOrderAsync(CancellationToken ct)
        {
            var note = notes.Note(Now - TimeSpan.FromMinutes(10));
            var createdPayload = WebhookPayload.Write(EventTypes.SoapNoteCreated, note, note.CreatedAt);
            notes.Revise(note, Now);
            var updated = await SendAsync(EventTypes.SoapNoteUpdated, note, "the update, first", ct);
            var created = await runner.SendAsync(url, EventTypes.SoapNoteCreated, note, createdPayload, "the creation, late", ct);
            return [updated, created];
        }

        public async Task<IReadOnlyList<CheckAttemptReport>> UnicodeAsync(CancellationToken ct) =>
            [await SendAsync(EventTypes.SoapNoteCreated, notes.UnicodeNote(Now), "a note with non-ASCII text", ct)];

        public async Task<IReadOnlyList<CheckAttemptReport>> LargeNoteAsync(CancellationToken ct) =>
            [await SendAsync(EventTypes.SoapNoteCreated, notes.LargeNote(Now), $"a note with {CheckNotes.LargeNoteExercises} exercises", ct)];

        private Task<CheckAttemptReport> SendAsync(string eventType, SoapNote note, string label, CancellationToken ct) =>
            runner.SendAsync(url, eventType, note, WebhookPayload.Write(eventType, note, Now), label, ct);
    }
}
